namespace DataProtection.Core.Restores;

/// <summary>Filters of the contents browser; all optional. <see cref="Selector"/> is a Kubernetes label selector.</summary>
public sealed record ContentsQuery(string? Selector = null, string? Search = null, string? Namespace = null, string? Kind = null, int Skip = 0, int Take = 200);

/// <summary>A tree node's count: namespace ("" for cluster-scoped) → kind → how many items match the filters.</summary>
public sealed record ContentsGroup(string Namespace, string Kind, string Resource, int Count);

public sealed record ContentsItem(string Resource, string ApiVersion, string Kind, string? Namespace, string Name, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// What the browser shows: the whole tree's counts for the filters, and one page of the matching items (of the chosen
/// namespace and kind when given).
/// </summary>
public sealed record BackupContents(string Cluster, string Backup, int TotalItems, int Matching, IReadOnlyList<ContentsGroup> Groups,
    IReadOnlyList<ContentsItem> Items, DateTime IndexedUtc);
