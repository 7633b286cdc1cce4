using DataProtection.Core.Clusters;
using DataProtection.Core.Data;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Backups;

/// <summary>
/// Keeps one <see cref="ClusterWatch"/> running per enabled cluster with Velero installed (protection status other than
/// NotInstalled, so a location that is Unavailable for a while does not stop the history). Which clusters those are
/// is re-read from the database every <c>Backups:ClusterScanSeconds</c> and at once when a cluster's protection changes
/// (enabled or disabled); the clusters themselves are only watched.
/// </summary>
internal sealed class BackupWatchHub(
    IDbContextFactory<AppDbContext> dbFactory,
    IKubernetesClientFactory clients,
    ProtectionStateStore protection,
    BackupChanges changes,
    Restores.RestoreChanges restoreChanges,
    BackupDownloads downloads,
    IOptions<BackupsOptions> options,
    IOptions<ClustersOptions> clusterOptions,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly Dictionary<int, (CancellationTokenSource Stop, Task Running)> _watches = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger = loggers.CreateLogger<BackupWatchHub>();
    private CancellationToken _stopping = CancellationToken.None;

    /// <summary>Whether a protection change rescans at once (tests that decide themselves when the hub rescans turn it off).</summary>
    internal bool FollowProtectionChanges { get; set; } = true;

    public IReadOnlyCollection<int> WatchedClusterIds
    {
        get
        {
            lock (_watches)
                return [.. _watches.Keys];
        }
    }

    /// <summary>Starts watches for clusters that became eligible and stops those that no longer are.</summary>
    public async Task RescanAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var eligible = await ProtectionStateStore.ProtectedClusters(db).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
            List<(CancellationTokenSource Stop, Task Running)> stopped = [];
            lock (_watches)
            {
                foreach (var id in _watches.Keys.Where(id => !eligible.ContainsKey(id)).ToList())
                {
                    stopped.Add(_watches[id]);
                    _watches.Remove(id);
                }
                foreach (var (id, name) in eligible.Where(e => !_watches.ContainsKey(e.Key)))
                {
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
                    _watches[id] = (stop, Task.Run(() => WatchAsync(id, name, stop.Token), CancellationToken.None));
                }
            }
            await StopAllAsync(stopped);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        protection.Changed += OnProtectionChanged;
        using var registration = stoppingToken.Register(() => protection.Changed -= OnProtectionChanged);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ClusterScanSeconds), time);
        do
        {
            try
            {
                await RescanAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _logger.LogError(ex, "Could not read which clusters to watch for backups");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private void OnProtectionChanged(int clusterId) => _ = FollowProtectionChanges ? Task.Run(async () =>
    {
        try
        {
            await RescanAsync(_stopping);
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            _logger.LogError(ex, "Could not re-read which clusters to watch after cluster {ClusterId} changed", clusterId);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }) : Task.CompletedTask;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        List<(CancellationTokenSource, Task)> all;
        lock (_watches)
        {
            all = [.. _watches.Values];
            _watches.Clear();
        }
        await StopAllAsync(all);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task StopAllAsync(IEnumerable<(CancellationTokenSource Stop, Task Running)> watches)
    {
        foreach (var (stop, running) in watches)
        {
            await stop.CancelAsync();
            await running;
            stop.Dispose();
        }
    }

    private async Task WatchAsync(int clusterId, string cluster, CancellationToken ct)
    {
        var logger = loggers.CreateLogger<ClusterWatch>();
        try
        {
            var client = await clients.GetAsync(clusterId, ct);
            var store = new BackupHistoryStore(dbFactory, time);
            await new ClusterWatch(clusterId, cluster, client, clusterOptions.Value.VeleroNamespace, options.Value, store, changes,
                restoreChanges, downloads, logger).RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            logger.LogDebug("Stopped watching backups in {Cluster}", cluster);
        }
        catch (Exception ex)
        {
            // No client (credentials unreadable): the next rescan retries, as the entry is dropped.
            logger.LogError(ex, "Could not watch backups in {Cluster}", cluster);
            lock (_watches)
                _watches.Remove(clusterId);
        }
    }
}
