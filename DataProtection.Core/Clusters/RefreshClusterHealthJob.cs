using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Clusters;

/// <summary>Recurring: records each enabled cluster's reachability, version and Velero presence. Reentrant.</summary>
public sealed class RefreshClusterHealthJob(ClusterHealthService health, ILogger<RefreshClusterHealthJob> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        logger.LogDebug("Refreshing cluster health");
        await health.RefreshAllClustersAsync(cancellationToken);
    }
}
