using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Backups;

/// <summary>
/// Measures finished backups' tarballs one at a time, off the watch loop so progress events are never held up. Each backup
/// is tried once per watch lifetime: a missing tarball is not asked for again and again.
/// </summary>
internal sealed class BackupSizer(int clusterId, string cluster, k8s.Kubernetes client, string ns, BackupDownloads downloads,
    BackupHistoryStore store, BackupChanges changes, ILogger logger)
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new() { SingleReader = true });
    private readonly HashSet<string> _tried = [];

    public void Enqueue(BackupRecord record)
    {
        if (record is { SizeBytes: null, DeletedUtc: null, Phase: BackupPhases.Completed or BackupPhases.PartiallyFailed })
        {
            _queue.Writer.TryWrite(record.Name);
        }
    }

    public void Enqueue(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            _queue.Writer.TryWrite(name);
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var name in _queue.Reader.ReadAllAsync(ct))
            {
                if (_tried.Add(name))
                {
                    await MeasureAsync(name, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            logger.LogDebug("Stopped measuring backups in {Cluster}", cluster);
        }
    }

    private async Task MeasureAsync(string name, CancellationToken ct)
    {
        try
        {
            var size = await downloads.ContentsSizeAsync(client, ns, name, ct);
            if (await store.SetSizeAsync(clusterId, name, size, ct) is { } record)
            {
                await changes.PublishAsync(BackupChange.From(record));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not measure backup {Backup} in {Cluster}", name, cluster);
        }
    }
}
