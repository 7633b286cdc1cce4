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
    /// Builds the backup's contents index, if picked objects need it, before the audit's transaction opens: the index is
    /// written in a transaction of its own, which SQLite would make wait for the audit's. Failures are left for the same
    /// call inside the audited scope to report (a failed build writes nothing).
    /// </summary>
    private async Task WarmIndexAsync(RestoreRequest request, string cluster, CancellationToken ct)
    {
        if (request.Items.Count == 0 || string.IsNullOrWhiteSpace(request.BackupName))
            return;
        try
        {
            await _contents.AllItemsAsync(string.IsNullOrWhiteSpace(request.SourceCluster) ? cluster : request.SourceCluster, request.BackupName, ct);
        }
        catch (Exception e) when (e is NotFoundException or ConflictException or ValidationException or BackupArchiveException or ClusterUnavailableException
            or HttpRequestException or Kubernetes.KubernetesApiException or TimeoutException)
        {
            // Reported inside the audited scope.
        }
    }

    /// <summary>How the picked objects are restored: Velero's filter selecting exactly them, or item by item.</summary>
    private async Task<PickedRestorePlan> PlanPickedAsync(string sourceCluster, RestoreRequest request, CancellationToken ct) =>
        PickedRestorePlan.For(request.BackupName!, request.Items, await _contents.AllItemsAsync(sourceCluster, request.BackupName!, ct));
}
