using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's BackupStorageLocation controller: validates each location against its bucket and records the phase.</summary>
internal sealed class StorageLocationValidator(KubeClient kube, HttpClient http, VeleroOptions options, ILogger logger)
{
    private string Collection => $"apis/velero.io/v1/namespaces/{options.Namespace}/backupstoragelocations";

    public async Task RunAsync(CancellationToken ct)
    {
        var watch = Watcher.RunAsync(kube, Collection, async (type, location) =>
        {
            if (type == "ADDED" && location["status"]?["phase"] is null)
                await ValidateAsync(location, ct);
        }, logger, ct);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ValidateAllAsync(ct);
            }
            catch (HttpRequestException e)
            {
                logger.LogWarning(e, "Validating storage locations failed; trying again next period");
            }
            await Task.Delay(options.StoreValidationFrequency, options.Time, ct);
        }
        await watch;
    }

    private async Task ValidateAllAsync(CancellationToken ct)
    {
        var list = await kube.ListAsync(Collection, ct);
        foreach (var location in list["items"]!.AsArray().OfType<JsonObject>())
            await ValidateAsync(location, ct);
    }

    private async Task ValidateAsync(JsonObject location, CancellationToken ct)
    {
        var name = (string)location["metadata"]!["name"]!;
        string? message = null;
        try
        {
            var store = await BackupStore.ResolveAsync(location, options.Namespace, kube, http, options.Time, ct);
            await store.ValidateAsync(ct);
        }
        catch (Exception e) when (e is InvalidOperationException or S3ClientException or HttpRequestException)
        {
            message = $"BackupStorageLocation \"{name}\" is unavailable: {e.Message}";
            logger.LogInformation("Storage location {Location} unavailable: {Reason}", name, e.Message);
        }
        var status = new JsonObject
        {
            ["phase"] = message is null ? "Available" : "Unavailable",
            ["message"] = message,
            ["lastValidationTime"] = Timestamps.Format(options.Time.GetUtcNow()),
        };
        await kube.MergePatchAsync($"{Collection}/{name}", new JsonObject { ["status"] = status }, ct);
    }
}
