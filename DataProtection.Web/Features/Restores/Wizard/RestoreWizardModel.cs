using DataProtection.Core.Common;
using DataProtection.Core.Restores;
using DataProtection.Web.Features.Backups.Wizard;

namespace DataProtection.Web.Features.Restores.Wizard;

public enum RestoreSource
{
    Backup,
    Schedule,
}

public enum RestoreScope
{
    Everything,
    Filtered,
    Picked,
}

/// <summary>One row of the namespace mapping as typed: source namespace → new name.</summary>
public sealed class MappingRow
{
    public string Source { get; set; } = "";

    public string Target { get; set; } = "";
}

/// <summary>The restore wizard's editable state, turned into a <see cref="RestoreRequest"/> on demand.</summary>
public sealed class RestoreWizardModel
{
    /// <summary>The cluster whose backup is restored.</summary>
    public string? SourceCluster { get; set; }

    public RestoreSource Source { get; set; } = RestoreSource.Backup;

    public string? Backup { get; set; }

    public string? Schedule { get; set; }

    public RestoreScope Scope { get; set; } = RestoreScope.Everything;

    public IReadOnlyCollection<string> Namespaces { get; set; } = [];

    public SelectorMode SelectorMode { get; set; }

    public string Selector { get; set; } = "";

    /// <summary>One selector a line.</summary>
    public string OrSelectors { get; set; } = "";

    public IReadOnlyCollection<string> IncludedKinds { get; set; } = [];

    public IReadOnlyCollection<string> ExcludedKinds { get; set; } = [];

    public HashSet<RestoreItemRef> Picked { get; } = [];

    /// <summary>Where to restore; null restores into <see cref="SourceCluster"/>.</summary>
    public string? TargetCluster { get; set; }

    public List<MappingRow> Mappings { get; } = [];

    public ExistingResourcePolicy ExistingResourcePolicy { get; set; }

    public bool RestoreVolumes { get; set; } = true;

    public bool PreserveNodePorts { get; set; }

    public string Name { get; set; } = "";

    public string? Target => TargetCluster ?? SourceCluster;

    /// <summary>Field (as named by <see cref="ValidationException.Field"/>) → message.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Error(string field) => Errors.GetValueOrDefault(field);

    /// <summary>The request, or null with <see cref="Errors"/> filled in when it cannot be one yet.</summary>
    public RestoreRequest? TryRequest()
    {
        Errors.Clear();
        try
        {
            var request = ToRequest();
            request.Validate();
            return request;
        }
        catch (ValidationException ex)
        {
            Errors[ex.Field] = ex.Message;
            return null;
        }
    }

    public RestoreRequest ToRequest()
    {
        if (SourceCluster is null)
            throw new ValidationException("sourceCluster", "sourceCluster: choose the cluster whose backup is restored.");
        if (Scope == RestoreScope.Picked && Picked.Count == 0)
            throw new ValidationException("items", "items: pick at least one object in the tree.");
        var filtered = Scope == RestoreScope.Filtered;
        return new RestoreRequest
        {
            SourceCluster = Target == SourceCluster ? null : SourceCluster,
            BackupName = Source == RestoreSource.Backup ? Backup : null,
            ScheduleName = Source == RestoreSource.Schedule ? Schedule : null,
            IncludedNamespaces = filtered ? [.. Namespaces] : [],
            LabelSelector = filtered && SelectorMode == SelectorMode.One ? Selector.Trim() : null,
            OrLabelSelectors = filtered && SelectorMode == SelectorMode.Any ? Split(OrSelectors) : [],
            IncludedResources = filtered ? [.. IncludedKinds] : [],
            ExcludedResources = filtered ? [.. ExcludedKinds] : [],
            Items = Scope == RestoreScope.Picked ? [.. Picked.OrderBy(p => p.Namespace).ThenBy(p => p.Resource).ThenBy(p => p.Name)] : [],
            NamespaceMapping = Mapping(),
            ExistingResourcePolicy = ExistingResourcePolicy,
            RestoreVolumes = RestoreVolumes,
            PreserveNodePorts = PreserveNodePorts,
        };
    }

    /// <summary>The error of one mapping row: Core names the row as <c>namespaceMapping[source]</c>.</summary>
    public string? MappingError(MappingRow row) =>
        Error("namespaceMapping") is { } message && message.StartsWith($"namespaceMapping[{row.Source.Trim()}]", StringComparison.Ordinal) ? message : null;

    private Dictionary<string, string> Mapping()
    {
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in Mappings.Where(r => r.Source.Trim().Length > 0))
        {
            var source = row.Source.Trim();
            if (!mapping.TryAdd(source, row.Target.Trim()))
                throw new ValidationException("namespaceMapping", $"namespaceMapping[{source}]: '{source}' is mapped twice; keep one row.");
        }
        return mapping;
    }

    private static string[] Split(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
