using DataProtection.Core.Restores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Backups;

/// <summary>
/// At start-up, enqueues work saved but never enqueued (resource submissions and item-by-item restores), so a stop between
/// the commit and the enqueue loses no request.
/// </summary>
internal sealed class SubmissionRecovery(ResourceSubmitter submitter, RestoreService restores, ILogger<SubmissionRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var submissions = await submitter.EnqueueOrphansAsync(cancellationToken);
        var itemRestores = await restores.EnqueueOrphanedItemRestoresAsync(cancellationToken);
        if (submissions + itemRestores > 0)
        {
            logger.LogInformation("Enqueued {Submissions} submissions and {ItemRestores} item-by-item restores that had no job", submissions, itemRestores);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
