using DataProtection.Core.Clusters;
using DataProtection.Core.Data;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Backups;

/// <summary>
/// Recurring: lists every protected cluster's Backups into the history, catching what the watch missed while the dashboard
/// was down, and marks backups no longer present as gone. Reentrant: a second run writes the same rows.
/// </summary>
public sealed class ReconcileBackupHistoryJob(
    IDbContextFactory<AppDbContext> dbFactory,
    IKubernetesClientFactory clients,
    BackupChanges changes,
    IOptions<ClustersOptions> clusterOptions,
    TimeProvider time,
    ILogger<ReconcileBackupHistoryJob> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var store = new BackupHistoryStore(dbFactory, time);
        List<(int Id, string Name)> clusters;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            clusters = (await ProtectionStateStore.ProtectedClusters(db).ToListAsync(cancellationToken)).Select(c => (c.Id, c.Name)).ToList();
        }
        var failed = new List<string>();
        foreach (var (id, name) in clusters)
        {
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["Cluster"] = name });
            try
            {
                var probe = new VeleroProbe(await clients.GetAsync(id, cancellationToken), clusterOptions.Value.VeleroNamespace, TimeSpan.FromSeconds(1));
                var backups = await probe.ListAsync($"{probe.VeleroPath}/backups", cancellationToken);
                var result = await store.SyncAsync(id, name, backups, cancellationToken);
                logger.LogInformation("Reconciled {Count} backups in {Cluster}: {Added} new, {Gone} gone", backups.Count, name, result.Added, result.Gone.Count);
                await changes.PublishAsync(BackupChange.Relisted(name));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Could not reconcile the backup history of {Cluster}", name);
                failed.Add(name);
            }
        }
        if (failed.Count > 0)
        {
            // Rethrown so Hangfire retries; the clusters that worked are already saved.
            throw new InvalidOperationException($"The backup history of {string.Join(", ", failed)} could not be reconciled; see the log.");
        }
    }
}
