using DataProtection.Core.Common;
using DataProtection.Core.Identity;

namespace DataProtection.Core.Restores;

/// <summary>
/// How hand-picked objects would be restored: through <see cref="Filter"/>, the smallest Velero filter selecting exactly
/// them, or (when null) item by item by the dashboard.
/// </summary>
public sealed record PickedRestorePlan(int Count, RestoreFilter? Filter)
{
    public bool ItemByItem => Filter is null;

    /// <summary>The request Velero would get: the picked objects replaced by the filter; unchanged when restored item by item.</summary>
    public RestoreRequest Apply(RestoreRequest request) => Filter is not { } f ? request : request with
    {
        Items = [],
        IncludedNamespaces = f.IncludedNamespaces,
        IncludedResources = f.IncludedResources,
        LabelSelector = f.LabelSelector,
        IncludeClusterResources = f.IncludeClusterResources,
    };

    /// <summary>
    /// Finds every picked object in the backup (a typo must not silently restore less than asked) and plans the filter.
    /// Throws <see cref="ValidationException"/> on field <c>items</c> naming the first object the backup lacks.
    /// </summary>
    public static PickedRestorePlan For(string backup, IReadOnlyList<RestoreItemRef> picked, IReadOnlyCollection<ContentsItem> all)
    {
        if (picked.Count == 0)
            throw new ValidationException("items", "items: pick at least one object.");
        var byKey = all.ToDictionary(i => new RestoreItemRef(i.Resource, i.Namespace, i.Name));
        var found = new List<ContentsItem>(picked.Count);
        for (var i = 0; i < picked.Count; i++)
        {
            var wanted = picked[i] with { Namespace = string.IsNullOrEmpty(picked[i].Namespace) ? null : picked[i].Namespace };
            if (!byKey.TryGetValue(wanted, out var item))
            {
                throw new ValidationException("items",
                    $"items[{i}]: backup {backup} holds no {wanted.Resource} {(wanted.Namespace is null ? "" : wanted.Namespace + "/")}{wanted.Name}.");
            }
            if (RestorePreviewService.NonRestorable.Contains(item.Resource))
                throw new ValidationException("items", $"items[{i}]: Velero never restores {item.Resource}.");
            found.Add(item);
        }
        return new PickedRestorePlan(found.Count, RestoreFilterPlanner.Plan(found, all));
    }
}

/// <summary>What the restore wizard reads from a backup's index: every item (for the pick tree) and the plan for the picked ones.</summary>
public static class PickedRestoreQueries
{
    /// <summary>Every item of the backup, in index order; the index is built now if this is the first time.</summary>
    public static async Task<IReadOnlyList<ContentsItem>> ListItemsAsync(this BackupContentsService contents, Actor actor, string cluster, string backup,
        CancellationToken ct)
    {
        actor.Require(Roles.Viewer);
        return await contents.AllItemsAsync(cluster, backup, ct);
    }

    public static async Task<PickedRestorePlan> PlanPickedAsync(this BackupContentsService contents, Actor actor, string cluster, string backup,
        IReadOnlyList<RestoreItemRef> picked, CancellationToken ct)
    {
        actor.Require(Roles.Viewer);
        return PickedRestorePlan.For(backup, picked, await contents.AllItemsAsync(cluster, backup, ct));
    }
}
