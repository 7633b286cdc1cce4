using DataProtection.Core.Common;

namespace DataProtection.Core.Restores;

/// <summary>What Velero does with an object that already exists in the target: leave it (none) or update it.</summary>
public enum ExistingResourcePolicy
{
    None,
    Update,
}

/// <summary>
/// A restore as the wizard builds it: the source (a backup, or the latest good backup of a schedule), what to take (all,
/// or Velero's namespace / kind / label filters), where (namespace mapping), and how (existing objects, volumes, node
/// ports). <see cref="Validate"/> throws <see cref="ValidationException"/> naming the field before anything is written.
/// </summary>
public sealed record RestoreRequest
{
    public string? BackupName { get; init; }

    public string? ScheduleName { get; init; }

    public IReadOnlyList<string> IncludedNamespaces { get; init; } = [];

    public IReadOnlyList<string> ExcludedNamespaces { get; init; } = [];

    public IReadOnlyList<string> IncludedResources { get; init; } = [];

    public IReadOnlyList<string> ExcludedResources { get; init; } = [];

    /// <summary>Null lets Velero decide (cluster-scoped objects related to the restored namespaces).</summary>
    public bool? IncludeClusterResources { get; init; }

    public string? LabelSelector { get; init; }

    public IReadOnlyList<string> OrLabelSelectors { get; init; } = [];

    /// <summary>Source namespace → target namespace.</summary>
    public IReadOnlyDictionary<string, string> NamespaceMapping { get; init; } = new Dictionary<string, string>();

    public ExistingResourcePolicy ExistingResourcePolicy { get; init; } = ExistingResourcePolicy.None;

    public bool RestoreVolumes { get; init; } = true;

    public bool PreserveNodePorts { get; init; }

    public void Validate() => RestoreRules.Validate(this);
}
