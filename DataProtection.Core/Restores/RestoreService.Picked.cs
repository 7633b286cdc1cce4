using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;

namespace DataProtection.Core.Restores;

public sealed partial class RestoreService
{
    /// <summary>The cluster whose backup is restored: the request's source, or the target itself.</summary>
    private static async Task<Cluster> SourceClusterAsync(AppDbContext db, Cluster target, RestoreRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.SourceCluster) || request.SourceCluster == target.Name)
            return target;
        try
        {
            return await ClusterService.FindAsync(db, request.SourceCluster, ct);
        }
        catch (NotFoundException)
        {
            throw new ValidationException("sourceCluster", $"sourceCluster: there is no registered cluster {ClusterService.ForAudit(request.SourceCluster)}.");
        }
    }

    /// <summary>
    /// The smallest Velero filter restoring exactly the picked objects, or null. Every picked object must be in the backup,
    /// so a typo cannot silently restore less than asked.
    /// </summary>
    private async Task<RestoreFilter?> PlanPickedAsync(string sourceCluster, RestoreRequest request, CancellationToken ct)
    {
        var all = await _contents.AllItemsAsync(sourceCluster, request.BackupName!, ct);
        var byKey = all.ToDictionary(i => new RestoreItemRef(i.Resource, i.Namespace, i.Name));
        var picked = new List<ContentsItem>(request.Items.Count);
        for (var i = 0; i < request.Items.Count; i++)
        {
            var wanted = request.Items[i] with { Namespace = string.IsNullOrEmpty(request.Items[i].Namespace) ? null : request.Items[i].Namespace };
            if (!byKey.TryGetValue(wanted, out var item))
            {
                throw new ValidationException("items",
                    $"items[{i}]: backup {request.BackupName} holds no {wanted.Resource} {(wanted.Namespace is null ? "" : wanted.Namespace + "/")}{wanted.Name}.");
            }
            if (RestorePreviewService.NonRestorable.Contains(item.Resource))
                throw new ValidationException("items", $"items[{i}]: Velero never restores {item.Resource}.");
            picked.Add(item);
        }
        return RestoreFilterPlanner.Plan(picked, all);
    }

    private static RestoreRequest WithFilter(RestoreRequest request, RestoreFilter plan) => request with
    {
        Items = [],
        IncludedNamespaces = plan.IncludedNamespaces,
        IncludedResources = plan.IncludedResources,
        LabelSelector = plan.LabelSelector,
        IncludeClusterResources = plan.IncludeClusterResources,
    };

    /// <summary>Restores the picked objects one by one from the archive (no Velero filter selects exactly them).</summary>
    private Task<CreatedRestore> StartItemByItemAsync(AuditScope scope, Actor actor, Cluster target, Cluster source, string name, RestoreRequest request) =>
        throw new ValidationException("items", "items: restoring hand-picked objects one by one is not available yet.");
}
