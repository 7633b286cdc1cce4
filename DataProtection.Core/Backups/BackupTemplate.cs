using DataProtection.Core.Common;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Backups;

/// <summary>Which namespaces a backup covers: every namespace (minus the excluded ones), or the chosen ones.</summary>
public enum NamespaceScope
{
    All,
    Selected,
}

/// <summary>
/// Cluster-scoped resources: <see cref="Auto"/> leaves <c>includeClusterResources</c> unset, so Velero takes all of them for a
/// whole-cluster backup and only those related to the chosen namespaces (e.g. their PVs) otherwise.
/// </summary>
public enum ClusterResources
{
    Auto,
    Include,
    Exclude,
}

/// <summary>
/// What a backup (or each backup of a schedule) takes, as the wizards build it: the fields of Velero's BackupSpec the dashboard
/// offers. <see cref="Validate"/> checks everything Velero would refuse (and more) before any CR is written;
/// <see cref="BackupSpecWriter"/> turns it into the spec, the YAML and the equivalent <c>velero</c> command.
/// </summary>
public sealed record BackupTemplate
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromDays(30);

    /// <summary>Retention presets offered by the wizards, in days.</summary>
    public static readonly IReadOnlyList<int> TtlPresetDays = [1, 7, 30, 90, 365];

    public NamespaceScope Namespaces { get; init; } = NamespaceScope.All;

    public IReadOnlyList<string> IncludedNamespaces { get; init; } = [];

    public IReadOnlyList<string> ExcludedNamespaces { get; init; } = [];

    /// <summary>One selector in Kubernetes' text form (<c>app=web,tier in (a,b)</c>); empty means every object.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Velero's orLabelSelectors: an object matching any one is taken. Not combinable with <see cref="LabelSelector"/>.</summary>
    public IReadOnlyList<string> OrLabelSelectors { get; init; } = [];

    /// <summary>Resource names as Velero takes them (<c>deployments</c>, <c>deployments.apps</c>); empty means all.</summary>
    public IReadOnlyList<string> IncludedResources { get; init; } = [];

    public IReadOnlyList<string> ExcludedResources { get; init; } = [];

    public ClusterResources ClusterResources { get; init; } = ClusterResources.Auto;

    /// <summary>Take volume snapshots through the cluster's VolumeSnapshotLocation.</summary>
    public bool SnapshotVolumes { get; init; }

    /// <summary>File-system backup of every pod volume rather than only the opted-in ones (<c>defaultVolumesToFsBackup</c>).</summary>
    public bool FsBackupAllVolumes { get; init; }

    /// <summary>The BackupStorageLocation's name; null uses the cluster's default location.</summary>
    public string? StorageLocation { get; init; }

    public TimeSpan Ttl { get; init; } = DefaultTtl;

    /// <summary>The whole cluster: every namespace and every cluster-scoped resource.</summary>
    public static BackupTemplate WholeCluster() => new() { ClusterResources = ClusterResources.Include };

    public bool IsWholeCluster => Namespaces == NamespaceScope.All && ExcludedNamespaces.Count == 0 && LabelSelectors.Count == 0
        && IncludedResources.Count == 0 && ExcludedResources.Count == 0 && ClusterResources != ClusterResources.Exclude;

    /// <summary>The selectors that apply, parsed: the one selector, or the OR list.</summary>
    public IReadOnlyList<LabelSelector> LabelSelectors =>
        [.. (string.IsNullOrWhiteSpace(LabelSelector) ? OrLabelSelectors : [LabelSelector]).Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(Kubernetes.LabelSelector.Parse)];

    /// <summary>Throws <see cref="ValidationException"/> naming the first bad field; nothing is sent to a cluster before this passes.</summary>
    public void Validate() => BackupTemplateRules.Validate(this);

    /// <summary>A one-line summary for lists and history, e.g. <c>ns: shop, db; labels: app=web</c>.</summary>
    public string Describe() => BackupTemplateRules.Describe(this);
}
