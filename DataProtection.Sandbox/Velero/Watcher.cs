using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>List-then-watch with the informer's semantics: resume from the last version, relist on 410, quiet on cancellation.</summary>
internal static class Watcher
{
    public static async Task RunAsync(KubeClient kube, string collection, Func<string, JsonObject, Task> handle, ILogger logger, CancellationToken ct)
    {
        string? version = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (version is null)
                {
                    var list = await kube.ListAsync(collection, ct);
                    foreach (var item in list["items"]!.AsArray().OfType<JsonObject>())
                        await HandleAsync("ADDED", item);
                    version = (string?)list["metadata"]?["resourceVersion"] ?? "0";
                }
                await foreach (var (type, obj) in kube.WatchAsync(collection, version, ct))
                {
                    version = (string?)obj["metadata"]?["resourceVersion"] ?? version;
                    if (type == "ERROR")
                    {
                        version = null;
                        break;
                    }
                    if (type != "BOOKMARK")
                        await HandleAsync(type, obj);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Gone)
            {
                version = null;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                logger.LogWarning(e, "Watch of {Collection} failed; retrying", collection);
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        async Task HandleAsync(string type, JsonObject obj)
        {
            try
            {
                await handle(type, obj);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Handling {Type} of {Name} in {Collection} failed", type, (string?)obj["metadata"]?["name"], collection);
            }
        }
    }
}
