using DataProtection.Core.Audit;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Jobs;

/// <summary>Registers the dashboard's housekeeping jobs. Velero's Schedules own backup timing, not Hangfire (ADR-002).</summary>
internal sealed class RecurringJobsRegistrar(IRecurringJobManager jobs, IOptions<JobsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<VerifyAuditChainJob>(JobIds.VerifyAuditChain, j => j.RunAsync(CancellationToken.None), options.Value.VerifyAuditChainCron);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
