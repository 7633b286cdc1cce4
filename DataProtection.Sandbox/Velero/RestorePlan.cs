using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// Velero's getOrderedResourceCollection and getSelectedRestoreableItems: the backup's items the spec selects, resources in the
/// server's default restore priorities (namespaces and CRDs first, then the rest alphabetically, cluster API objects last).
/// </summary>
internal static class RestorePlan
{
    public sealed record Item(string GroupResource, string Namespace, string Name);

    /// <summary>The server's default <c>--restore-resource-priorities</c>.</summary>
    private static readonly string[] High =
    [
        "customresourcedefinitions", "namespaces", "storageclasses", "volumesnapshotclass.snapshot.storage.k8s.io",
        "volumesnapshotcontents.snapshot.storage.k8s.io", "volumesnapshots.snapshot.storage.k8s.io", "datauploads.velero.io", "persistentvolumes",
        "persistentvolumeclaims", "clusterroles", "roles", "serviceaccounts", "clusterrolebindings", "rolebindings", "secrets", "configmaps",
        "limitranges", "priorityclasses", "pods", "replicasets.apps", "clusterclasses.cluster.x-k8s.io", "endpoints", "services",
    ];

    private static readonly string[] Low =
    [
        "clusterbootstraps.run.tanzu.vmware.com", "clusters.cluster.x-k8s.io", "clusterresourcesets.addons.cluster.x-k8s.io",
        "apps.kappctrl.k14s.io", "packageinstalls.packaging.carvel.dev",
    ];

    /// <summary>The items in restore order, or throws <see cref="FormatException"/> for a selector Kubernetes would not parse.</summary>
    public static async Task<List<Item>> BuildAsync(RestoreArchive archive, JsonObject spec, IReadOnlyList<ApiResource> discovery, RestoreLog log,
        CancellationToken ct)
    {
        var filter = new RestoreFilter(spec);
        var selectors = spec["orLabelSelectors"] is JsonArray { Count: > 0 } or
            ? or.Select(LabelSelectorMatcher.Parse).ToList()
            : [LabelSelectorMatcher.Parse(spec["labelSelector"])];
        var plan = new List<Item>();
        foreach (var resource in Ordered(archive.Items.Keys))
        {
            var served = discovery.FirstOrDefault(r => r.GroupResource == resource);
            if (!filter.IncludesResource(resource, served))
            {
                log.Info($"Skipping restore of resource because the restore spec excludes it resource={resource}");
                continue;
            }
            foreach (var (ns, names) in archive.Items[resource])
            {
                if (ns.Length > 0 && !filter.IncludesNamespace(ns)
                    || ns.Length == 0 && (filter.IncludeClusterResources == false || filter.IncludeClusterResources is null && !filter.AllNamespaces))
                    continue;
                foreach (var name in names)
                {
                    var item = await archive.ReadAsync(resource, ns, name, ct);
                    var labels = (item?["metadata"]?["labels"] as JsonObject ?? []).ToDictionary(p => p.Key, p => (string?)p.Value ?? "");
                    if (selectors.Any(s => s.Matches(labels)))
                        plan.Add(new Item(resource, ns, name));
                }
            }
        }
        return plan;
    }

    private static IEnumerable<string> Ordered(IEnumerable<string> resources)
    {
        var inBackup = resources.ToHashSet();
        var rest = inBackup.Where(r => !High.Contains(r) && !Low.Contains(r)).Order(StringComparer.Ordinal);
        return High.Concat(rest).Concat(Low).Where(inBackup.Contains);
    }
}
