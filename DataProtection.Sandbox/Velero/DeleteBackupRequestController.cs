using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's backup deletion controller: removes a backup's objects from its bucket, then the Backup itself.</summary>
internal sealed class DeleteBackupRequestController(KubeClient kube, HttpClient http, VeleroOptions options, ILogger logger)
    : RequestController(kube, options, logger, "deletebackuprequests")
{
    private static readonly string[] Running = ["New", "Queued", "ReadyToStart", "InProgress", "WaitingForPluginOperations",
        "WaitingForPluginOperationsPartiallyFailed", "Finalizing", "FinalizingPartiallyFailed"];

    protected override async Task ReconcileAsync(JsonObject request, CancellationToken ct)
    {
        if ((string?)request["status"]?["phase"] is "InProgress" or "Processed")
            return;
        var name = (string?)request["spec"]?["backupName"] ?? "";
        var backupPath = $"apis/velero.io/v1/namespaces/{Options.Namespace}/backups/{name}";
        var backup = await Kube.GetAsync(backupPath, ct);
        var refusal = backup is null ? "backup not found" : await RefusalAsync(backup, ct);
        if (refusal is not null)
        {
            await FinishAsync(request, [refusal], ct);
            return;
        }
        var labels = new JsonObject { ["velero.io/backup-name"] = LabelValue.For(name), ["velero.io/backup-uid"] = (string?)backup!["metadata"]!["uid"] };
        await Kube.MergePatchAsync(Path(request), new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels }, ["status"] = new JsonObject { ["phase"] = "InProgress" } }, ct);
        await Kube.MergePatchAsync(backupPath, new JsonObject { ["status"] = new JsonObject { ["phase"] = "Deleting" } }, ct);
        var errors = new List<string>();
        try
        {
            var store = await BackupStore.ResolveAsync(await LocationAsync(backup, ct) ?? [], Options.Namespace, Kube, http, Options.Time, ct);
            foreach (var key in await store.Client.ListKeysAsync(store.Bucket, $"{store.Root}backups/{name}/", ct))
                await store.Client.DeleteObjectAsync(store.Bucket, key, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or S3ClientException)
        {
            errors.Add($"error deleting backup files: {e.Message}");
        }
        if (errors.Count == 0)
            await Kube.DeleteAsync(backupPath, ct);
        await FinishAsync(request, errors, ct);
        if (errors.Count == 0)
            await DeleteRequestsForAsync(name, ct);
    }

    /// <summary>Once a backup is gone, Velero removes every DeleteBackupRequest for it, this one included.</summary>
    private async Task DeleteRequestsForAsync(string backup, CancellationToken ct)
    {
        var requests = await Kube.ListAsync($"{Collection}?labelSelector={Uri.EscapeDataString($"velero.io/backup-name={LabelValue.For(backup)}")}", ct);
        foreach (var request in (requests["items"] as JsonArray ?? []).OfType<JsonObject>())
            await Kube.DeleteAsync(Path(request), ct);
    }

    private async Task<string?> RefusalAsync(JsonObject backup, CancellationToken ct)
    {
        if (Running.Contains((string?)backup["status"]?["phase"] ?? "New"))
            return "backup is still in progress";
        var location = await LocationAsync(backup, ct);
        var locationName = (string?)backup["spec"]?["storageLocation"];
        if (location is null)
            return $"backup storage location {locationName} not found";
        if ((string?)location["spec"]?["accessMode"] == "ReadOnly")
            return $"cannot delete backup because backup storage location {locationName} is currently in read-only mode";
        if ((string?)location["status"]?["phase"] == "Unavailable")
            return $"cannot delete backup because backup storage location {locationName} is currently unavailable";
        return null;
    }

    private Task<JsonObject?> LocationAsync(JsonObject backup, CancellationToken ct) =>
        Kube.GetAsync($"apis/velero.io/v1/namespaces/{Options.Namespace}/backupstoragelocations/{(string?)backup["spec"]?["storageLocation"]}", ct);

    private Task FinishAsync(JsonObject request, IReadOnlyList<string> errors, CancellationToken ct)
    {
        var status = new JsonObject { ["phase"] = "Processed" };
        if (errors.Count > 0)
            status["errors"] = new JsonArray(errors.Select(e => (JsonNode?)e).ToArray());
        return PatchStatusAsync(request, status, ct);
    }
}
