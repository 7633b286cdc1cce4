using System.Runtime.ExceptionServices;
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
    /// How picked objects will be restored (Velero's filter selecting exactly them, or item by item), planned once and before
    /// the audit's transaction opens: the first plan of a backup builds its contents index, written in a transaction of its
    /// own that SQLite would make wait for the audit's. A failure is kept and rethrown inside the audited scope, so it is
    /// audited like any other refusal. Null when nothing is picked.
    /// </summary>
    private async Task<PickedOutcome?> PlanPickedAsync(RestoreRequest request, string cluster, CancellationToken ct)
    {
        if (request.Items.Count == 0 || string.IsNullOrWhiteSpace(request.BackupName))
            return null;
        try
        {
            var source = string.IsNullOrWhiteSpace(request.SourceCluster) ? cluster : request.SourceCluster;
            return new PickedOutcome(PickedRestorePlan.For(request.BackupName, request.Items, await _contents.AllItemsAsync(source, request.BackupName, ct)), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new PickedOutcome(null, ExceptionDispatchInfo.Capture(e));
        }
    }

    private sealed record PickedOutcome(PickedRestorePlan? Plan, ExceptionDispatchInfo? Error)
    {
        public PickedRestorePlan Get()
        {
            Error?.Throw();
            return Plan!;
        }
    }
}
