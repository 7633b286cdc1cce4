using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Clusters;

/// <summary>
/// Refreshes the stored health of clusters with their saved credentials. A refresh only records what the cluster
/// reports, so any Viewer may ask for one and it is not audited.
/// </summary>
public sealed class ClusterHealthService(
    IDbContextFactory<AppDbContext> dbFactory,
    IKubernetesClientFactory clients,
    ClusterProbe probe,
    IOptions<ClustersOptions> options,
    TimeProvider time,
    ILogger<ClusterHealthService> logger)
{
    public async Task<ClusterSummary> RefreshClusterHealthAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        int id;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            id = (await ClusterService.FindAsync(db, name, cancellationToken)).Id;
        }
        return await RefreshAsync(id, cancellationToken) ?? throw new NotFoundException($"There is no cluster named {ClusterService.ForAudit(name)}.");
    }

    /// <summary>All enabled clusters in parallel, each bounded by its own timeout.</summary>
    public async Task RefreshAllClustersAsync(CancellationToken cancellationToken)
    {
        List<int> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            ids = await db.Clusters.Where(c => c.Enabled).Select(c => c.Id).ToListAsync(cancellationToken);
        }
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelChecks, CancellationToken = cancellationToken },
            async (id, ct) => await RefreshAsync(id, ct));
    }

    private async Task<ClusterSummary?> RefreshAsync(int clusterId, CancellationToken cancellationToken)
    {
        string server;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var found = await db.Clusters.AsNoTracking().Where(c => c.Id == clusterId).Select(c => c.Server).FirstOrDefaultAsync(cancellationToken);
            if (found is null)
            {
                return null;
            }
            server = found;
        }

        ConnectionTestResult result;
        try
        {
            var client = await clients.GetAsync(clusterId, cancellationToken);
            result = await probe.ProbeAsync(client, server, fromKubeconfig: true, cancellationToken);
        }
        catch (ValidationException ex)
        {
            // The stored credentials cannot be decrypted (lost key ring): record it like any other failure.
            result = new ConnectionTestResult(false, server, ex.Field, ex.Message,
                new ClusterHealth(false, null, null, false, false, null, null, time.GetUtcNow().UtcDateTime, ex.Message));
        }
        if (!result.Succeeded)
        {
            logger.LogWarning("Health check of cluster {ClusterId} failed: {Error}", clusterId, result.Error);
        }

        await using var save = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cluster = await save.Clusters.FirstOrDefaultAsync(c => c.Id == clusterId, cancellationToken);
        if (cluster is null)
        {
            return null;
        }
        ClusterSummary.Apply(cluster, result.Health);
        await save.SaveChangesAsync(cancellationToken);
        return ClusterSummary.From(cluster);
    }
}
