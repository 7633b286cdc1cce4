using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>Answers DownloadRequests with a presigned GET URL valid 10 minutes, and removes them once expired.</summary>
internal sealed class DownloadRequestController(KubeClient kube, HttpClient http, VeleroOptions options, ILogger logger)
    : RequestController(kube, options, logger, "downloadrequests")
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    protected override async Task ReconcileAsync(JsonObject request, CancellationToken ct)
    {
        if (Expired(request))
        {
            await Kube.DeleteAsync(Path(request), ct);
            return;
        }
        if ((string?)request["status"]?["phase"] == "Processed")
            return;
        var expiration = Timestamps.Format(Options.Time.GetUtcNow() + Ttl);
        var kind = (string?)request["spec"]?["target"]?["kind"] ?? "";
        var target = (string?)request["spec"]?["target"]?["name"] ?? "";
        var resolved = await ResolveAsync(kind, target, ct);
        if (resolved is not var (store, key))
        {
            // Velero leaves an unresolvable request New; only its expiration tells the client to give up.
            if (request["status"]?["expiration"] is null)
                await PatchStatusAsync(request, new JsonObject { ["phase"] = "New", ["expiration"] = expiration }, ct);
            return;
        }
        await PatchStatusAsync(request, new JsonObject
        {
            ["phase"] = "Processed",
            ["downloadURL"] = store.Client.PresignGetUrl(store.Bucket, key, Ttl),
            ["expiration"] = expiration,
        }, ct);
    }

    private async Task<(BackupStore Store, string Key)?> ResolveAsync(string kind, string target, CancellationToken ct)
    {
        var backupName = target;
        if (kind.StartsWith("Restore", StringComparison.Ordinal))
        {
            var restore = await Kube.GetAsync($"apis/velero.io/v1/namespaces/{Options.Namespace}/restores/{target}", ct);
            if ((string?)restore?["spec"]?["backupName"] is not { } fromRestore)
                return null;
            backupName = fromRestore;
        }
        var backup = await Kube.GetAsync($"apis/velero.io/v1/namespaces/{Options.Namespace}/backups/{backupName}", ct);
        var locationName = (string?)backup?["spec"]?["storageLocation"];
        var location = locationName is null ? null
            : await Kube.GetAsync($"apis/velero.io/v1/namespaces/{Options.Namespace}/backupstoragelocations/{locationName}", ct);
        if (location is null || ObjectKey(kind, target) is not { } file)
            return null;
        try
        {
            var store = await BackupStore.ResolveAsync(location, Options.Namespace, Kube, http, Options.Time, ct);
            var folder = kind.StartsWith("Restore", StringComparison.Ordinal) ? "restores" : "backups";
            return (store, $"{store.Root}{folder}/{target}/{file}");
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? ObjectKey(string kind, string n) => kind switch
    {
        "BackupLog" => $"{n}-logs.gz",
        "BackupContents" => $"{n}.tar.gz",
        "BackupVolumeSnapshots" => $"{n}-volumesnapshots.json.gz",
        "BackupItemOperations" => $"{n}-itemoperations.json.gz",
        "BackupResourceList" => $"{n}-resource-list.json.gz",
        "BackupResults" => $"{n}-results.gz",
        "BackupVolumeInfos" => $"{n}-volumeinfo.json.gz",
        "CSIBackupVolumeSnapshots" => $"{n}-csi-volumesnapshots.json.gz",
        "CSIBackupVolumeSnapshotContents" => $"{n}-csi-volumesnapshotcontents.json.gz",
        "RestoreLog" => $"restore-{n}-logs.gz",
        "RestoreResults" => $"restore-{n}-results.gz",
        "RestoreResourceList" => $"restore-{n}-resource-list.json.gz",
        "RestoreItemOperations" => $"restore-{n}-itemoperations.json.gz",
        "RestoreVolumeInfo" => $"{n}-volumeinfo.json.gz",
        _ => null,
    };
}
