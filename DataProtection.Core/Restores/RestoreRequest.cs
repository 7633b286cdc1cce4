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
    /// <summary>
    /// The registered cluster whose backup is restored; null (or the target itself) restores in place. Another cluster's
    /// backup reaches the target through a ReadOnly location on the same bucket and prefix.
    /// </summary>
    public string? SourceCluster { get; init; }

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

    /// <summary>
    /// Objects picked one by one (in the contents tree). Exclusive with the namespace / kind / label filters: restored through
    /// the smallest Velero filter selecting exactly them, or item by item by the dashboard when no such filter exists.
    /// </summary>
    public IReadOnlyList<RestoreItemRef> Items { get; init; } = [];

    public void Validate() => RestoreRules.Validate(this);
}

/// <summary>One object of a backup: Velero's group-resource (<c>deployments.apps</c>), namespace (null when cluster-scoped) and name.</summary>
public sealed record RestoreItemRef(string Resource, string? Namespace, string Name);
