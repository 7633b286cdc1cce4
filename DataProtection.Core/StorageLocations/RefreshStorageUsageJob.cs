using Microsoft.Extensions.Logging;

namespace DataProtection.Core.StorageLocations;

/// <summary>Recurring: one usage sample per storage location. Reentrant (a second run only adds another sample).</summary>
public sealed class RefreshStorageUsageJob(StorageUsageService usage, ILogger<RefreshStorageUsageJob> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = await usage.RefreshUsageAsync(cancellationToken);
        if (failures > 0)
        {
            logger.LogWarning("Storage usage: {Failures} location(s) could not be counted", failures);
        }
    }
}
