using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;
using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Backups;

/// <summary>
/// One cluster's watches on Backups (into the history table), PodVolumeBackups (only change notices, for byte progress) and
/// BackupStorageLocations (change notices, so storage views show validation live) and Restores (their state, so restore
/// views show progress live).
/// Each is LIST then WATCH from the list's resourceVersion with bookmarks, resumes from the last version it saw, relists on
/// 410 Gone and reconnects with capped exponential backoff, in the manner of KubeOps' ResourceWatcher.
/// </summary>
internal sealed class ClusterWatch(int clusterId, string cluster, k8s.Kubernetes client, string ns, BackupsOptions options,
    BackupHistoryStore store, BackupChanges changes, Restores.RestoreChanges restores, BackupDownloads downloads, ILogger logger)
{
    private readonly BackupSizer _sizer = new(clusterId, cluster, client, ns, downloads, store, changes, logger);

    private string Collection(string plural) => $"apis/velero.io/v1/namespaces/{ns}/{plural}";

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(
        _sizer.RunAsync(ct),
        LoopAsync("backups", OnBackupsListedAsync, OnBackupEventAsync, ct),
        LoopAsync("podvolumebackups", (_, _) => changes.PublishAsync(BackupChange.Relisted(cluster)), OnVolumeEventAsync, ct),
        LoopAsync("backupstoragelocations", (_, _) => changes.PublishAsync(BackupChange.LocationChanged(cluster)),
            (_, _) => changes.PublishAsync(BackupChange.LocationChanged(cluster)), ct),
        LoopAsync("restores", (_, _) => restores.PublishAsync(Restores.RestoreChange.Relisted(cluster)),
            (e, _) => restores.PublishAsync(cluster, e.Object, e.Type == "DELETED"), ct));

    private async Task LoopAsync(string plural, Func<List<JsonObject>, CancellationToken, Task> listed, Func<WatchEvent, CancellationToken, Task> changed,
        CancellationToken ct)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Cluster"] = cluster, ["Resource"] = plural });
        string? version = null;
        var backoff = options.MinBackoff;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                version ??= await ListAsync(plural, listed, ct);
                var opened = Stopwatch.StartNew();
                var events = 0;
                var query = $"allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(version)}&timeoutSeconds={options.WatchTimeoutSeconds}";
                await foreach (var e in client.WatchAsync(Collection(plural), query, ct))
                {
                    events++;
                    if (e.Type == "ERROR")
                    {
                        throw WatchStream.ToException(e);
                    }
                    version = BackupObject.ResourceVersion(e.Object) ?? version;
                    if (e.Type != "BOOKMARK")
                    {
                        await HandleAsync(changed, e, ct);
                    }
                }
                // A stream the server closes at once, with nothing in it, is a failure to back off from, not a timeout.
                backoff = events > 0 || opened.Elapsed > options.MinBackoff ? options.MinBackoff : await BackOffAsync(backoff, null, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (KubernetesApiException ex) when (ex.StatusCode == HttpStatusCode.Gone)
            {
                logger.LogInformation("Watch of {Resource} in {Cluster} expired ({Message}); relisting", plural, cluster, ex.Message);
                version = null;
            }
            catch (Exception ex)
            {
                backoff = await BackOffAsync(backoff, ex, ct);
            }
        }
    }

    private async Task<TimeSpan> BackOffAsync(TimeSpan backoff, Exception? ex, CancellationToken ct)
    {
        logger.LogWarning(ex, "Watch in {Cluster} failed; reconnecting in {Backoff}", cluster, backoff);
        try
        {
            await Task.Delay(backoff, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return backoff;
        }
        return TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
    }

    private async Task<string> ListAsync(string plural, Func<List<JsonObject>, CancellationToken, Task> listed, CancellationToken ct)
    {
        var items = new List<JsonObject>();
        string? token = null, version = null;
        do
        {
            var page = await client.GetAsync(Collection(plural) + "?limit=500" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)), ct)
                ?? throw new KubernetesApiException(HttpStatusCode.NotFound, $"{plural}.velero.io is not installed in {cluster}.");
            items.AddRange(page["items"]?.AsArray().OfType<JsonObject>() ?? []);
            version ??= (string?)page["metadata"]?["resourceVersion"];
            token = (string?)page["metadata"]?["continue"];
        }
        while (!string.IsNullOrEmpty(token));
        await listed(items, ct);
        return version ?? "0";
    }

    private async Task HandleAsync(Func<WatchEvent, CancellationToken, Task> changed, WatchEvent e, CancellationToken ct)
    {
        try
        {
            await changed(e, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not record {Event} of {Name} in {Cluster}", e.Type, BackupObject.Name(e.Object), cluster);
        }
    }

    private async Task OnBackupsListedAsync(List<JsonObject> backups, CancellationToken ct)
    {
        await store.SyncAsync(clusterId, cluster, backups, ct);
        await changes.PublishAsync(BackupChange.Relisted(cluster));
        _sizer.Enqueue(await store.ListUnsizedAsync(clusterId, ct));
    }

    private async Task OnBackupEventAsync(WatchEvent e, CancellationToken ct)
    {
        var record = e.Type == "DELETED"
            ? await store.MarkDeletedAsync(clusterId, cluster, e.Object, ct)
            : await store.UpsertAsync(clusterId, cluster, e.Object, ct);
        await changes.PublishAsync(BackupChange.From(record));
        _sizer.Enqueue(record);
    }

    private Task OnVolumeEventAsync(WatchEvent e, CancellationToken ct) =>
        changes.PublishAsync(new BackupChange(cluster, (string?)e.Object["metadata"]?["labels"]?[BackupObject.BackupNameLabel] ?? "", "", false));
}
