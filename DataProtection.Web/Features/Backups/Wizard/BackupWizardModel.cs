using DataProtection.Core.Backups;
using DataProtection.Core.Common;

namespace DataProtection.Web.Features.Backups.Wizard;

public enum ScopeMode
{
    WholeCluster,
    AllNamespaces,
    SelectedNamespaces,
}

public enum SelectorMode
{
    None,
    One,
    Any,
}

/// <summary>The wizards' editable state: loose strings while the user types, turned into a <see cref="BackupTemplate"/> on demand.</summary>
public sealed class BackupWizardModel
{
    public string? Cluster { get; set; }

    public ScopeMode Scope { get; set; } = ScopeMode.WholeCluster;

    public IReadOnlyCollection<string> Namespaces { get; set; } = [];

    public string ExcludedNamespaces { get; set; } = "";

    public SelectorMode SelectorMode { get; set; }

    public string Selector { get; set; } = "";

    /// <summary>One selector a line.</summary>
    public string OrSelectors { get; set; } = "";

    public IReadOnlyCollection<string> IncludedKinds { get; set; } = [];

    public IReadOnlyCollection<string> ExcludedKinds { get; set; } = [];

    public ClusterResources ClusterResources { get; set; } = ClusterResources.Auto;

    public bool SnapshotVolumes { get; set; }

    public bool FsBackupAllVolumes { get; set; }

    public string? StorageLocation { get; set; }

    /// <summary>A preset in days, or null for <see cref="CustomTtl"/>.</summary>
    public int? TtlDays { get; set; } = (int)BackupTemplate.DefaultTtl.TotalDays;

    public string CustomTtl { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Field (as named by <see cref="ValidationException.Field"/>) → message.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Error(string field) => Errors.GetValueOrDefault(field);

    public TimeSpan Ttl => TtlDays is { } days ? TimeSpan.FromDays(days) : GoDuration.Parse(CustomTtl, "ttl");

    /// <summary>The template, or null with <see cref="Errors"/> filled in when something cannot be a template yet.</summary>
    public BackupTemplate? TryTemplate()
    {
        Errors.Clear();
        try
        {
            var template = ToTemplate();
            template.Validate();
            return template;
        }
        catch (ValidationException ex)
        {
            Errors[ex.Field] = ex.Message;
            return null;
        }
    }

    public BackupTemplate ToTemplate() => new()
    {
        Namespaces = Scope == ScopeMode.SelectedNamespaces ? NamespaceScope.Selected : NamespaceScope.All,
        IncludedNamespaces = Scope == ScopeMode.SelectedNamespaces ? [.. Namespaces] : [],
        ExcludedNamespaces = Scope == ScopeMode.AllNamespaces ? Split(ExcludedNamespaces, ',') : [],
        LabelSelector = Scope != ScopeMode.WholeCluster && SelectorMode == SelectorMode.One ? Selector.Trim() : null,
        OrLabelSelectors = Scope != ScopeMode.WholeCluster && SelectorMode == SelectorMode.Any ? Split(OrSelectors, '\n') : [],
        IncludedResources = Scope == ScopeMode.WholeCluster ? [] : [.. IncludedKinds],
        ExcludedResources = Scope == ScopeMode.WholeCluster ? [] : [.. ExcludedKinds],
        ClusterResources = Scope == ScopeMode.WholeCluster ? ClusterResources.Include : ClusterResources,
        SnapshotVolumes = SnapshotVolumes,
        FsBackupAllVolumes = FsBackupAllVolumes,
        StorageLocation = string.IsNullOrEmpty(StorageLocation) ? null : StorageLocation,
        Ttl = Ttl,
    };

    public static BackupWizardModel From(string cluster, BackupTemplate t) => new()
    {
        Cluster = cluster,
        Scope = t.IsWholeCluster && t.ClusterResources == ClusterResources.Include ? ScopeMode.WholeCluster
            : t.Namespaces == NamespaceScope.Selected ? ScopeMode.SelectedNamespaces : ScopeMode.AllNamespaces,
        Namespaces = t.IncludedNamespaces,
        ExcludedNamespaces = string.Join(", ", t.ExcludedNamespaces),
        SelectorMode = !string.IsNullOrWhiteSpace(t.LabelSelector) ? SelectorMode.One : t.OrLabelSelectors.Count > 0 ? SelectorMode.Any : SelectorMode.None,
        Selector = t.LabelSelector ?? "",
        OrSelectors = string.Join('\n', t.OrLabelSelectors),
        IncludedKinds = t.IncludedResources,
        ExcludedKinds = t.ExcludedResources,
        ClusterResources = t.ClusterResources,
        SnapshotVolumes = t.SnapshotVolumes,
        FsBackupAllVolumes = t.FsBackupAllVolumes,
        StorageLocation = t.StorageLocation,
        TtlDays = BackupTemplate.TtlPresetDays.FirstOrDefault(d => TimeSpan.FromDays(d) == t.Ttl) is var d and > 0 ? d : null,
        CustomTtl = GoDuration.Format(t.Ttl),
    };

    private static string[] Split(string text, char separator) =>
        text.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
