using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>A PersistentVolume as Velero's volume information keeps it (its pvcPvMap entry).</summary>
internal sealed record PvInfo(string Name, string? ClaimNamespace, string? ClaimName, string ReclaimPolicy, JsonObject? Labels)
{
    public static PvInfo From(JsonObject pv) => new(
        (string)pv["metadata"]!["name"]!,
        (string?)pv["spec"]?["claimRef"]?["namespace"],
        (string?)pv["spec"]?["claimRef"]?["name"],
        (string?)pv["spec"]?["persistentVolumeReclaimPolicy"] ?? "",
        pv["metadata"]?["labels"]?.DeepClone() as JsonObject);

    public JsonObject ToJson() => new() { ["reclaimPolicy"] = ReclaimPolicy, ["labels"] = JsonOutput.Sorted(Labels) };
}

/// <summary>
/// Velero's BackupVolumesInformation.Result for what the sandbox can do: skipped PVs first, then one entry per
/// PodVolumeBackup (no native or CSI snapshots exist here). Members keep the Go structs' field order.
/// </summary>
internal static class VolumeInfos
{
    public static JsonArray Build(IEnumerable<(string Pv, string Reasons)> skipped, IReadOnlyDictionary<string, PvInfo> pvs,
        IEnumerable<(JsonObject Pvb, PvInfo? Pv)> podVolumeBackups)
    {
        var result = new JsonArray();
        foreach (var (name, reasons) in skipped)
        {
            if (!pvs.TryGetValue(name, out var pv))
                continue;
            var entry = Entry(pv, method: null);
            entry["skipped"] = true;
            entry["skippedReason"] = reasons;
            entry["pvInfo"] = pv.ToJson();
            result.Add(entry);
        }
        foreach (var (pvb, pv) in podVolumeBackups)
        {
            var status = pvb["status"] as JsonObject ?? [];
            var entry = Entry(pv, "PodVolumeBackup");
            entry["startTimestamp"] = status["startTimestamp"]?.DeepClone();
            entry["completionTimestamp"] = status["completionTimestamp"]?.DeepClone();
            entry["result"] = (string?)status["phase"] == "Completed" ? "succeeded" : "failed";
            entry["pvbInfo"] = PodVolumeInfo(pvb);
            if (pv is not null)
                entry["pvInfo"] = pv.ToJson();
            result.Add(Compact(entry));
        }
        return result;
    }

    private static JsonObject Entry(PvInfo? pv, string? method) => Compact(new JsonObject
    {
        ["pvcName"] = pv?.ClaimName,
        ["pvcNamespace"] = pv?.ClaimNamespace,
        ["pvName"] = pv?.Name,
        ["backupMethod"] = method,
        ["snapshotDataMoved"] = false,
        ["preserveLocalSnapshot"] = false,
        ["skipped"] = false,
    });

    private static JsonObject PodVolumeInfo(JsonObject pvb)
    {
        var spec = pvb["spec"]!;
        var status = pvb["status"];
        var size = (long?)status?["progress"]?["totalBytes"] ?? 0;
        var incremental = (long?)status?["incrementalBytes"] ?? 0;
        return Compact(new JsonObject
        {
            ["snapshotHandle"] = (string?)status?["snapshotID"],
            ["size"] = size == 0 ? null : size,
            ["incrementalSize"] = incremental == 0 ? null : incremental,
            ["uploaderType"] = (string?)spec["uploaderType"] ?? "",
            ["volumeName"] = (string?)spec["volume"] ?? "",
            ["podName"] = (string?)spec["pod"]?["name"] ?? "",
            ["podNamespace"] = (string?)spec["pod"]?["namespace"] ?? "",
            ["nodeName"] = (string?)spec["node"] is { Length: > 0 } node ? node : null,
            ["Phase"] = (string?)status?["phase"] ?? "",
        });
    }

    /// <summary>Go's omitempty: members left null are dropped.</summary>
    private static JsonObject Compact(JsonObject obj)
    {
        foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
            obj.Remove(key);
        return obj;
    }
}
