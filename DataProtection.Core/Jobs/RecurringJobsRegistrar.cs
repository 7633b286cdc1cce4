using DataProtection.Core.Audit;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.StorageLocations;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Jobs;

/// <summary>Registers the dashboard's housekeeping jobs. Velero's Schedules own backup timing, not Hangfire (ADR-002).</summary>
internal sealed class RecurringJobsRegistrar(IRecurringJobManager jobs, IOptions<JobsOptions> options, IOptions<ClustersOptions> clusters,
    IOptions<StorageOptions> storage, IOptions<BackupsOptions> backups) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<VerifyAuditChainJob>(JobIds.VerifyAuditChain, j => j.RunAsync(CancellationToken.None), options.Value.VerifyAuditChainCron);
        jobs.AddOrUpdate<RefreshClusterHealthJob>(JobIds.RefreshClusterHealth, j => j.RunAsync(CancellationToken.None), clusters.Value.HealthCron);
        jobs.AddOrUpdate<RefreshStorageUsageJob>(JobIds.RefreshStorageUsage, j => j.RunAsync(CancellationToken.None), storage.Value.UsageCron);
        jobs.AddOrUpdate<ReconcileBackupHistoryJob>(JobIds.ReconcileBackupHistory, j => j.RunAsync(CancellationToken.None), backups.Value.ReconcileCron);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
