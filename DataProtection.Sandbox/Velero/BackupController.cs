using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's backup controller: picks up new Backups from a watch and runs them one at a time.</summary>
internal sealed class BackupController(KubeClient kube, HttpClient http, VeleroOptions options, ILogger logger)
{
    private readonly Channel<JsonObject> _queue = Channel.CreateUnbounded<JsonObject>();
    private readonly HashSet<string> _seen = [];

    private string Collection => $"apis/velero.io/v1/namespaces/{options.Namespace}/backups";

    public async Task RunAsync(CancellationToken ct)
    {
        await FailInterruptedAsync(ct);
        var watch = Watcher.RunAsync(kube, Collection, (_, backup) =>
        {
            var phase = (string?)backup["status"]?["phase"];
            if (phase is null or "" or "New" && _seen.Add((string)backup["metadata"]!["uid"]!))
                _queue.Writer.TryWrite(backup);
            return Task.CompletedTask;
        }, logger, ct);
        var runner = new BackupRunner(kube, http, options, logger);
        await foreach (var backup in _queue.Reader.ReadAllAsync(ct))
            await runner.RunAsync(backup, ct);
        await watch;
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
