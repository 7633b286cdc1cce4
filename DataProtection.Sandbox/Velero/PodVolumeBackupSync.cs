using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's backup sync also recreates a synced backup's PodVolumeBackups from its podvolumebackups file, owned by the new Backup.</summary>
internal static class PodVolumeBackupSync
{
    public static async Task ImportAsync(KubeClient kube, BackupStore store, JsonObject backup, string locationName, string veleroNamespace,
        ILogger logger, CancellationToken ct)
    {
        var name = (string)backup["metadata"]!["name"]!;
        var uid = (string?)backup["metadata"]!["uid"];
        var bytes = await store.Client.GetObjectAsync(store.Bucket, $"{store.Root}backups/{name}/{name}-podvolumebackups.json.gz", ct);
        if (bytes is null)
            return;
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        if (JsonNode.Parse(gzip) is not JsonArray pvbs)
            return;
        foreach (var pvb in pvbs.OfType<JsonObject>().Select(p => (JsonObject)p.DeepClone()))
        {
            var metadata = (JsonObject)(pvb["metadata"] ??= new JsonObject());
            foreach (var owner in (metadata["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(o => (string?)o["apiVersion"] == "velero.io/v1" && (string?)o["kind"] == "Backup" && (string?)o["name"] == name))
                owner["uid"] = uid;
            if (metadata["labels"] is JsonObject labels && labels.ContainsKey("velero.io/backup-uid"))
                labels["velero.io/backup-uid"] = uid;
            foreach (var field in new[] { "resourceVersion", "uid", "creationTimestamp", "generation", "managedFields" })
                metadata.Remove(field);
            metadata["namespace"] = veleroNamespace;
            pvb["spec"]!["backupStorageLocation"] = locationName;
            pvb["apiVersion"] ??= "velero.io/v1";
            pvb["kind"] ??= "PodVolumeBackup";
            try
            {
                await kube.CreateAsync($"apis/velero.io/v1/namespaces/{veleroNamespace}/podvolumebackups", pvb, ct);
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Conflict)
            {
                logger.LogDebug("Pod volume backup {PodVolumeBackup} already exists in cluster", (string?)metadata["name"]);
            }
        }
    }
}
