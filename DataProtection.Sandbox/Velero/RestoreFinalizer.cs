using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// Velero's restores.velero.io/external-resources-finalizer: a deleted Restore takes its files in the bucket with it, and only then
/// goes away. While its location is unavailable the finalizer stays, as Velero keeps retrying.
/// </summary>
internal sealed class RestoreFinalizer(KubeClient kube, HttpClient http, VeleroOptions options, ILogger logger)
{
    public const string Name = "restores.velero.io/external-resources-finalizer";

    public static bool Holds(JsonObject restore) => Finalizers(restore).Contains(Name);

    /// <summary>The metadata patch that adds the finalizer, keeping any others (a merge patch replaces the whole list).</summary>
    public static JsonObject AddPatch(JsonObject restore) =>
        new() { ["finalizers"] = new JsonArray(Finalizers(restore).Append(Name).Distinct().Select(f => (JsonNode?)f).ToArray()) };

    public async Task FinalizeAsync(JsonObject restore, CancellationToken ct)
    {
        var name = (string)restore["metadata"]!["name"]!;
        try
        {
            await DeleteFilesAsync(name, (string?)restore["spec"]?["backupName"] ?? "", ct);
        }
        catch (Exception e) when (e is InvalidOperationException or S3ClientException or HttpRequestException)
        {
            logger.LogWarning("fail to delete external resources of restore {Restore}: {Reason}", name, e.Message);
            return;
        }
        var rest = Finalizers(restore).Where(f => f != Name).Select(f => (JsonNode?)f).ToArray();
        await kube.MergePatchAsync($"apis/velero.io/v1/namespaces/{options.Namespace}/restores/{name}",
            new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray(rest) } }, ct);
    }

    private async Task DeleteFilesAsync(string name, string backupName, CancellationToken ct)
    {
        if (backupName.Length == 0)
            return;
        var backup = await kube.GetAsync($"apis/velero.io/v1/namespaces/{options.Namespace}/backups/{backupName}", ct);
        var locationName = (string?)backup?["spec"]?["storageLocation"];
        var location = locationName is null ? null
            : await kube.GetAsync($"apis/velero.io/v1/namespaces/{options.Namespace}/backupstoragelocations/{locationName}", ct);
        if (location is null)
        {
            logger.LogInformation("Backup or location of restore {Restore} not found; skip deleting the restore files in object storage", name);
            return;
        }
        if ((string?)location["status"]?["phase"] != "Available")
            throw new InvalidOperationException($"bsl {locationName} is unavailable, cannot get the backup info");
        var store = await BackupStore.ResolveAsync(location, options.Namespace, kube, http, options.Time, ct);
        foreach (var key in await store.Client.ListKeysAsync(store.Bucket, $"{store.Root}restores/{name}/", ct))
            await store.Client.DeleteObjectAsync(store.Bucket, key, ct);
    }

    private static IEnumerable<string> Finalizers(JsonObject restore) =>
        (restore["metadata"]?["finalizers"] as JsonArray ?? []).Select(f => (string?)f ?? "");
}
