using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Restores;

/// <summary>At start-up, enqueues item-by-item restores saved but never enqueued, so a stop at the wrong moment loses no restore.</summary>
internal sealed class ItemRestoreRecovery(RestoreService restores, ILogger<ItemRestoreRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var count = await restores.EnqueueOrphanedItemRestoresAsync(cancellationToken);
        if (count > 0)
            logger.LogInformation("Enqueued {Count} item-by-item restores that had no job", count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
