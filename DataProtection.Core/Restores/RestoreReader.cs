using System.Text.Json.Nodes;
using DataProtection.Core.Backups;

namespace DataProtection.Core.Restores;

/// <summary>Reads a Velero Restore (velero.io/v1) and the restore resource list Velero writes to the bucket (FORMAT.md §2.4).</summary>
internal static class RestoreReader
{
    public static RestoreSummary Summary(string cluster, JsonObject r)
    {
        var spec = r["spec"];
        var status = r["status"];
        var phase = (string?)status?["phase"];
        return new RestoreSummary(cluster, (string?)r["metadata"]?["name"] ?? "", string.IsNullOrEmpty(phase) ? "New" : phase,
            (string?)spec?["backupName"], (string?)spec?["scheduleName"], BackupObject.Scope(spec),
            (string?)r["metadata"]?["annotations"]?[BackupObject.RequestedByAnnotation], BackupObject.Time(r["metadata"]?["creationTimestamp"]),
            BackupObject.Time(status?["startTimestamp"]), BackupObject.Time(status?["completionTimestamp"]), BackupObject.Int(status?["progress"]?["itemsRestored"]),
            BackupObject.Int(status?["progress"]?["totalItems"]), BackupObject.Int(status?["warnings"]) ?? 0, BackupObject.Int(status?["errors"]) ?? 0, (string?)status?["failureReason"],
            [.. (status?["validationErrors"] as JsonArray ?? []).Select(e => (string?)e ?? "")]);
    }

    /// <summary>Entries are <c>ns/name(action)</c> or <c>name(action)</c> under a <c>group/version/Kind</c> key; split on the last '('.</summary>
    public static IReadOnlyList<RestoredItem> ResourceList(JsonObject list)
    {
        var items = new List<RestoredItem>();
        foreach (var (gvk, entries) in list)
        {
            foreach (var entry in entries as JsonArray ?? [])
            {
                var text = (string?)entry ?? "";
                var open = text.LastIndexOf('(');
                var (target, action) = open > 0 && text.EndsWith(')') ? (text[..open], text[(open + 1)..^1]) : (text, "");
                var slash = target.IndexOf('/');
                items.Add(slash < 0 ? new RestoredItem(gvk, null, target, action) : new RestoredItem(gvk, target[..slash], target[(slash + 1)..], action));
            }
        }
        return items;
    }
}
