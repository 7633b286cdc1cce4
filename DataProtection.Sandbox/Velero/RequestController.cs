using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// The shape Velero's request controllers share: react to each watched request, and go over all of them once a minute
/// (controller-runtime's resync), which is when expired requests are removed.
/// </summary>
internal abstract class RequestController(KubeClient kube, VeleroOptions options, ILogger logger, string plural)
{
    private static readonly TimeSpan ResyncPeriod = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _one = new(1, 1);

    protected string Collection => $"apis/velero.io/v1/namespaces/{options.Namespace}/{plural}";

    protected KubeClient Kube => kube;

    protected VeleroOptions Options => options;

    protected string Path(JsonObject request) => $"{Collection}/{(string)request["metadata"]!["name"]!}";

    public async Task RunAsync(CancellationToken ct)
    {
        var watch = Watcher.RunAsync(kube, Collection, (type, request) => type == "DELETED" ? Task.CompletedTask : ReconcileOneAsync(request, ct), logger, ct);
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(ResyncPeriod, options.Time, ct);
            try
            {
                foreach (var request in ((await kube.ListAsync(Collection, ct))["items"] as JsonArray ?? []).OfType<JsonObject>())
                    await ReconcileOneAsync(request, ct);
            }
            catch (HttpRequestException e)
            {
                logger.LogWarning(e, "Resync of {Collection} failed", Collection);
            }
        }
        await watch;
    }

    /// <summary>The watch and the resync both reconcile; one at a time, so a request is never handled twice at once.</summary>
    private async Task ReconcileOneAsync(JsonObject request, CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            var current = await kube.GetAsync(Path(request), ct);
            if (current is not null)
                await ReconcileAsync(current, ct);
        }
        finally
        {
            _one.Release();
        }
    }

    protected abstract Task ReconcileAsync(JsonObject request, CancellationToken ct);

    protected bool Expired(JsonObject request) =>
        (string?)request["status"]?["expiration"] is { } expiration && DateTimeOffset.Parse(expiration) <= options.Time.GetUtcNow();

    protected Task PatchStatusAsync(JsonObject request, JsonObject status, CancellationToken ct) =>
        kube.MergePatchAsync(Path(request), new JsonObject { ["status"] = status }, ct);
}
