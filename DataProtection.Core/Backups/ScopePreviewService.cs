using DataProtection.Core.Identity;
using DataProtection.Core.Common;
using DataProtection.Core.Inventory;

namespace DataProtection.Core.Backups;

public sealed record KindCount(string Kind, string Resource, int Count);

/// <summary>What a backup would take of the namespaced objects, from the live inventory, plus what Velero adds cluster-wide.</summary>
public sealed record ScopePreview(int Count, IReadOnlyList<InventoryObject> Sample, IReadOnlyList<KindCount> PerKind, string ClusterScopedNote);

/// <summary>
/// Counts the namespaced objects a <see cref="BackupTemplate"/> takes, applying Velero's rules to metadata-only inventory pages.
/// A single selector is evaluated by the API server; OR selectors, namespace patterns and resource filters locally.
/// </summary>
public sealed class ScopePreviewService(InventoryService inventory)
{
    public const int DefaultSampleSize = 20;

    private const int PageSize = 500;

    /// <summary>Validates the template (a <see cref="Common.ValidationException"/> names the field), then counts. Viewer.</summary>
    public async Task<ScopePreview> PreviewAsync(Actor actor, string cluster, BackupTemplate template, int sampleSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        template.Validate();
        actor.Require(Roles.Viewer);
        var filter = new VeleroScopeFilter(template);
        var serverSelector = template.LabelSelectors.Count == 1 ? template.LabelSelectors[0].ToString() : null;
        var namespaces = VeleroScopeFilter.PlainNamespaces(template)?.Where(filter.NamespaceTaken).Select(n => (string?)n).ToList() ?? [null];
        var sample = new List<InventoryObject>();
        var perKind = new Dictionary<(string Kind, string Resource), int>();
        var count = 0;
        foreach (var ns in namespaces)
        {
            string? token = null;
            do
            {
                var page = await inventory.ListObjectsAsync(actor, cluster, new InventoryQuery(serverSelector, ns), PageSize, token, cancellationToken);
                foreach (var o in page.Items.Where(filter.Matches))
                {
                    count++;
                    perKind[(o.Kind, o.Resource)] = perKind.GetValueOrDefault((o.Kind, o.Resource)) + 1;
                    if (sample.Count < sampleSize)
                    {
                        sample.Add(o);
                    }
                }
                token = page.Continue;
            }
            while (token is not null);
        }
        var kinds = perKind.Select(p => new KindCount(p.Key.Kind, p.Key.Resource, p.Value))
            .OrderByDescending(k => k.Count).ThenBy(k => k.Resource, StringComparer.Ordinal).ToList();
        return new ScopePreview(count, sample, kinds, ClusterScopedNote(template));
    }

    /// <summary>Velero's rule for cluster-scoped resources, which the inventory count leaves out.</summary>
    public static string ClusterScopedNote(BackupTemplate template) => template.ClusterResources switch
    {
        ClusterResources.Include => "Velero also takes every cluster-scoped resource (nodes, CRDs, PVs, cluster roles …), not counted here.",
        ClusterResources.Exclude => "No cluster-scoped resources are taken (not even the persistent volumes of the claims).",
        _ when template.Namespaces == NamespaceScope.All && template.ExcludedNamespaces.Count == 0 && template.LabelSelectors.Count == 0 =>
            "Velero also takes every cluster-scoped resource, as for a whole-cluster backup (not counted here).",
        _ => "Velero also takes the cluster-scoped resources these objects need (their persistent volumes, CRDs of included custom resources), not counted here.",
    };
}
