using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Backups;

/// <summary>At start-up, enqueues submissions saved but never enqueued, so a stop at the wrong moment loses no request.</summary>
internal sealed class SubmissionRecovery(ResourceSubmitter submitter, ILogger<SubmissionRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var count = await submitter.EnqueueOrphansAsync(cancellationToken);
        if (count > 0)
        {
            logger.LogInformation("Enqueued {Count} submissions that had no job", count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
