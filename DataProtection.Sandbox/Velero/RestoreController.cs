using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's restore controller: picks up new Restores from a watch and runs them one at a time, in the order they arrived.</summary>
internal sealed class RestoreController(KubeClient kube, HttpClient http, VeleroOptions options, ILogger logger)
{
    private readonly Channel<JsonObject> _queue = Channel.CreateUnbounded<JsonObject>();
    private readonly HashSet<string> _seen = [];

    private string Collection => $"apis/velero.io/v1/namespaces/{options.Namespace}/restores";

    public async Task RunAsync(CancellationToken ct)
    {
        await FailInterruptedAsync(ct);
        var finalizer = new RestoreFinalizer(kube, http, options, logger);
        var watch = Watcher.RunAsync(kube, Collection, async (type, restore) =>
        {
            if (type == "DELETED")
                return;
            if (restore["metadata"]?["deletionTimestamp"] is not null)
            {
                if (RestoreFinalizer.Holds(restore))
                    await finalizer.FinalizeAsync(restore, ct);
            }
            else if ((string?)restore["status"]?["phase"] is null or "" or "New" && _seen.Add((string)restore["metadata"]!["uid"]!))
                _queue.Writer.TryWrite(restore);
        }, logger, ct);
        var runner = new RestoreRunner(kube, http, options, logger);
        await foreach (var restore in _queue.Reader.ReadAllAsync(ct))
        {
            try
            {
                await runner.RunAsync(restore, ct);
            }
            catch (HttpRequestException e)
            {
                logger.LogError(e, "Restore {Restore} could not be run", (string?)restore["metadata"]!["name"]);
            }
        }
        await watch;
    }

    /// <summary>A restore still InProgress at start was cut off by a restart; Velero marks it Failed with this reason.</summary>
    private async Task FailInterruptedAsync(CancellationToken ct)
    {
        var list = await kube.ListAsync(Collection, ct);
        foreach (var restore in (list["items"] as JsonArray ?? []).OfType<JsonObject>().Where(r => (string?)r["status"]?["phase"] == "InProgress"))
        {
            var status = new JsonObject
            {
                ["phase"] = "Failed",
                ["failureReason"] = "found a restore with status \"InProgress\" during the server starting, mark it as \"Failed\"",
                ["completionTimestamp"] = Timestamps.Format(options.Time.GetUtcNow()),
            };
            await kube.MergePatchAsync($"{Collection}/{(string)restore["metadata"]!["name"]!}", new JsonObject { ["status"] = status }, ct);
        }
    }
}
