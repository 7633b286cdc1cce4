using System.Collections.Concurrent;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Inventory;

/// <summary>
/// Reads the metadata of every listable namespaced object, page by page, to count objects per namespace and per label.
/// Events are left out: they churn constantly and are not state worth protecting.
/// </summary>
internal static class InventoryScanner
{
    private const int MaxParallelLists = 4;

    public static bool IsInventoried(ResourceKind kind) =>
        kind is { Namespaced: true, Listable: true } && kind.Resource != "events";

    public static async Task<(Dictionary<string, int> PerNamespace, List<LabelKeySummary> Labels)> ScanAsync(
        k8s.Kubernetes client, IEnumerable<ResourceKind> kinds, CancellationToken cancellationToken)
    {
        var perNamespace = new ConcurrentDictionary<string, int>();
        var labels = new ConcurrentDictionary<(string Key, string Value), int>();
        await Parallel.ForEachAsync(kinds.Where(IsInventoried), new ParallelOptions { MaxDegreeOfParallelism = MaxParallelLists, CancellationToken = cancellationToken },
            async (kind, ct) =>
            {
                await foreach (var item in client.ListAllMetadataAsync(kind.CollectionPath(null), null, ct))
                {
                    perNamespace.AddOrUpdate(item.Namespace ?? "", 1, (_, n) => n + 1);
                    foreach (var (key, value) in item.Labels)
                    {
                        labels.AddOrUpdate((key, value), 1, (_, n) => n + 1);
                    }
                }
            });
        var summaries = labels
            .GroupBy(l => l.Key.Key)
            .Select(g => new LabelKeySummary(g.Key, g.Sum(v => v.Value),
                g.OrderByDescending(v => v.Value).ThenBy(v => v.Key.Value, StringComparer.Ordinal).Select(v => new LabelValueCount(v.Key.Value, v.Value)).ToList()))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        return (new Dictionary<string, int>(perNamespace), summaries);
    }
}
