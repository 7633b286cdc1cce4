using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>The PodVolumeBackup objects Velero's newPodVolumeBackup builds (kopia uploader; repoIdentifier is only set for restic).</summary>
internal static class PodVolumeBackups
{
    public static JsonObject New(JsonObject backup, JsonObject pod, JsonObject volume, JsonObject? claim)
    {
        var backupMeta = backup["metadata"]!;
        var (backupName, backupUid) = ((string)backupMeta["name"]!, (string?)backupMeta["uid"] ?? "");
        var podMeta = pod["metadata"]!;
        var (podName, podNs, podUid) = ((string)podMeta["name"]!, (string)podMeta["namespace"]!, (string?)podMeta["uid"] ?? "");
        var volumeName = (string)volume["name"]!;
        var metadata = new JsonObject
        {
            ["generateName"] = backupName + "-",
            ["namespace"] = (string?)backupMeta["namespace"],
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup", ["name"] = backupName, ["uid"] = backupUid, ["controller"] = true,
            }),
            ["labels"] = new JsonObject { ["velero.io/backup-name"] = LabelValue.For(backupName), ["velero.io/backup-uid"] = backupUid },
        };
        var tags = new JsonObject
        {
            ["backup"] = backupName, ["backup-uid"] = backupUid, ["pod"] = podName, ["pod-uid"] = podUid, ["ns"] = podNs, ["volume"] = volumeName,
        };
        if (claim is not null)
        {
            var claimUid = (string?)claim["metadata"]?["uid"] ?? "";
            metadata["annotations"] = new JsonObject { ["velero.io/pvc-name"] = (string?)claim["metadata"]?["name"] };
            metadata["labels"]!["velero.io/pvc-uid"] = claimUid;
            tags["pvc-uid"] = claimUid;
        }
        return new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "PodVolumeBackup",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["node"] = (string?)pod["spec"]?["nodeName"] ?? "",
                ["pod"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = podNs, ["name"] = podName, ["uid"] = podUid },
                ["volume"] = volumeName,
                ["tags"] = tags,
                ["backupStorageLocation"] = (string?)backup["spec"]?["storageLocation"] ?? "",
                ["repoIdentifier"] = "",
                ["uploaderType"] = "kopia",
            },
            ["status"] = new JsonObject { ["progress"] = new JsonObject() },
        };
    }

    /// <summary>Where the node agent finds the volume under its <c>/host_pods</c> mount, by volume plugin.</summary>
    public static string DataPath(JsonObject pod, JsonObject volume, string? pvName)
    {
        var podUid = (string?)pod["metadata"]?["uid"] ?? "";
        return pvName is not null
            ? $"/host_pods/{podUid}/volumes/kubernetes.io~csi/{pvName}/mount"
            : $"/host_pods/{podUid}/volumes/kubernetes.io~empty-dir/{(string)volume["name"]!}";
    }
}
