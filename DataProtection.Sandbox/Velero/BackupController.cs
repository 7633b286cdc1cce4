using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// Velero's backup controller: picks up new Backups from a watch and runs them one at a time; those waiting are Queued with
/// their queuePosition, renumbered as the queue moves.
/// </summary>
internal sealed class BackupController(KubeClient kube, HttpClient http, VeleroOptions options, ILogger logger)
{
    private readonly Channel<JsonObject> _queue = Channel.CreateUnbounded<JsonObject>();
    private readonly HashSet<string> _seen = [];
    private readonly List<string> _waiting = [];
    private bool _running;

    private string Collection => $"apis/velero.io/v1/namespaces/{options.Namespace}/backups";

    public async Task RunAsync(CancellationToken ct)
    {
        await FailInterruptedAsync(ct);
        var watch = Watcher.RunAsync(kube, Collection, async (_, backup) =>
        {
            var phase = (string?)backup["status"]?["phase"];
            if (phase is null or "" or "New" or "Queued" && _seen.Add((string)backup["metadata"]!["uid"]!))
                await EnqueueAsync(backup, ct);
        }, logger, ct);
        var runner = new BackupRunner(kube, http, options, logger);
        await foreach (var backup in _queue.Reader.ReadAllAsync(ct))
        {
            await StartNextAsync(Name(backup), ct);
            try
            {
                await runner.RunAsync(backup, ct);
            }
            catch (HttpRequestException e)
            {
                logger.LogError(e, "Backup {Backup} could not be run", Name(backup));
            }
            lock (_waiting)
                _running = false;
        }
        await watch;
    }

    private static string Name(JsonObject backup) => (string)backup["metadata"]!["name"]!;

    private async Task EnqueueAsync(JsonObject backup, CancellationToken ct)
    {
        int position;
        lock (_waiting)
        {
            _waiting.Add(Name(backup));
            position = _running || _waiting.Count > 1 ? _waiting.Count : 0;
        }
        if (position > 0)
            await PatchQueueAsync(Name(backup), new JsonObject { ["phase"] = "Queued", ["queuePosition"] = position }, ct);
        _queue.Writer.TryWrite(backup);
    }

    private async Task StartNextAsync(string name, CancellationToken ct)
    {
        List<string> behind;
        lock (_waiting)
        {
            _waiting.Remove(name);
            _running = true;
            behind = [.. _waiting];
        }
        for (var i = 0; i < behind.Count; i++)
            await PatchQueueAsync(behind[i], new JsonObject { ["queuePosition"] = i + 1 }, ct);
    }

    private async Task PatchQueueAsync(string name, JsonObject status, CancellationToken ct)
    {
        try
        {
            await kube.MergePatchAsync($"{Collection}/{name}", new JsonObject { ["status"] = status }, ct);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "Updating the queue position of backup {Backup} failed", name);
        }
    }

    /// <summary>A backup still InProgress at start was cut off by a restart; Velero marks it Failed with this reason.</summary>
    private async Task FailInterruptedAsync(CancellationToken ct)
    {
        var list = await kube.ListAsync(Collection, ct);
        foreach (var backup in (list["items"] as JsonArray ?? []).OfType<JsonObject>().Where(b => (string?)b["status"]?["phase"] == "InProgress"))
        {
            var status = new JsonObject
            {
                ["phase"] = "Failed",
                ["failureReason"] = "found a backup with status \"InProgress\" during the server starting, mark it as \"Failed\"",
                ["completionTimestamp"] = Timestamps.Format(options.Time.GetUtcNow()),
            };
            await kube.MergePatchAsync($"{Collection}/{(string)backup["metadata"]!["name"]!}", new JsonObject { ["status"] = status }, ct);
        }
    }
}
