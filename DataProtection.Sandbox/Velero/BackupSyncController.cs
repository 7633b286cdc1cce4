using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// Velero's backup sync: backups in a location's bucket that the cluster lacks become Backup CRs labelled with that location
/// (with their PodVolumeBackups);
/// Completed or PartiallyFailed CRs whose files are gone from the bucket are deleted.
/// </summary>
internal sealed class BackupSyncController(KubeClient kube, HttpClient http, VeleroOptions options, ILogger logger)
{
    private static readonly string[] Final = ["Completed", "PartiallyFailed", "Failed", "FailedValidation"];

    private string Backups => $"apis/velero.io/v1/namespaces/{options.Namespace}/backups";

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(options.BackupSyncPeriod, options.Time, ct);
            try
            {
                await SyncAllAsync(ct);
            }
            catch (HttpRequestException e)
            {
                logger.LogWarning(e, "Listing storage locations for backup sync failed; trying again next period");
            }
        }
    }

    private async Task SyncAllAsync(CancellationToken ct)
    {
        var locations = await kube.ListAsync($"apis/velero.io/v1/namespaces/{options.Namespace}/backupstoragelocations", ct);
        foreach (var location in (locations["items"] as JsonArray ?? []).OfType<JsonObject>())
        {
            try
            {
                await SyncAsync(location, ct);
            }
            catch (Exception e) when (e is InvalidOperationException or S3ClientException or HttpRequestException or System.Text.Json.JsonException)
            {
                logger.LogWarning("Syncing backups of location {Location} failed: {Reason}", (string?)location["metadata"]!["name"], e.Message);
            }
        }
    }

    private async Task SyncAsync(JsonObject location, CancellationToken ct)
    {
        var locationName = (string)location["metadata"]!["name"]!;
        // The cluster is listed before the bucket, so a backup seen Completed here was uploaded before the bucket listing.
        var inCluster = ((await kube.ListAsync(Backups, ct))["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var store = await BackupStore.ResolveAsync(location, options.Namespace, kube, http, options.Time, ct);
        var inBucket = (await store.Client.ListCommonPrefixesAsync(store.Bucket, $"{store.Root}backups/", ct))
            .Select(p => p[$"{store.Root}backups/".Length..].TrimEnd('/'))
            .ToHashSet();
        var known = inCluster.Select(b => (string)b["metadata"]!["name"]!).ToHashSet();
        foreach (var name in inBucket.Where(n => !known.Contains(n)))
            await ImportAsync(store, name, locationName, ct);
        foreach (var orphan in inCluster.Where(b => (string?)b["metadata"]?["labels"]?["velero.io/storage-location"] == LabelValue.For(locationName)
            && (string?)b["status"]?["phase"] is "Completed" or "PartiallyFailed" && !inBucket.Contains((string)b["metadata"]!["name"]!)))
        {
            logger.LogInformation("Backup {Backup} is gone from location {Location}; deleting it", (string?)orphan["metadata"]!["name"], locationName);
            await kube.DeleteAsync($"{Backups}/{(string)orphan["metadata"]!["name"]!}", ct);
        }
    }

    private async Task ImportAsync(BackupStore store, string name, string locationName, CancellationToken ct)
    {
        if (await store.Client.GetObjectAsync(store.Bucket, $"{store.Root}backups/{name}/velero-backup.json", ct) is not { } bytes)
            return;
        if (JsonNode.Parse(bytes) is not JsonObject { } backup || backup["metadata"] is not JsonObject metadata || backup["spec"] is not JsonObject)
        {
            logger.LogWarning("Backup {Backup} in location {Location} has no valid velero-backup.json; not syncing it", name, locationName);
            return;
        }
        foreach (var field in new[] { "resourceVersion", "uid", "creationTimestamp", "generation", "managedFields" })
            metadata.Remove(field);
        metadata["namespace"] = options.Namespace;
        var labels = (JsonObject)(metadata["labels"] ??= new JsonObject());
        labels["velero.io/storage-location"] = LabelValue.For(locationName);
        backup["spec"]!["storageLocation"] = locationName;
        var status = (JsonObject)(backup["status"] ??= new JsonObject());
        if (!Final.Contains((string?)status["phase"]) && (string?)status["expiration"] is { } expiration
            && DateTimeOffset.Parse(expiration) <= options.Time.GetUtcNow())
            status["phase"] = "PartiallyFailed";
        logger.LogInformation("Syncing backup {Backup} from location {Location}", name, locationName);
        var created = await kube.CreateAsync(Backups, backup, ct);
        await PodVolumeBackupSync.ImportAsync(kube, store, created, locationName, options.Namespace, logger, ct);
    }
}
