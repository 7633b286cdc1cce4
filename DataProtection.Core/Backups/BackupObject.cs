using System.Globalization;
using System.Text.Json.Nodes;

namespace DataProtection.Core.Backups;

/// <summary>Reads the fields we keep from a Backup as the API server returns it (velero.io/v1).</summary>
internal static class BackupObject
{
    public const string RequestedByAnnotation = "dataprotection.io/requested-by";
    public const string ScheduleLabel = "velero.io/schedule-name";
    public const string BackupNameLabel = "velero.io/backup-name";

    public static string Name(JsonObject o) => (string?)o["metadata"]?["name"] ?? "";

    public static string Uid(JsonObject o) => (string?)o["metadata"]?["uid"] ?? "";

    public static string? ResourceVersion(JsonObject o) => (string?)o["metadata"]?["resourceVersion"];

    public static void Apply(JsonObject o, BackupRecord r)
    {
        var meta = o["metadata"];
        var spec = o["spec"];
        var status = o["status"];
        r.Name = Name(o);
        r.Uid = Uid(o);
        r.Namespace = (string?)meta?["namespace"] ?? "";
        r.ResourceVersion = ResourceVersion(o);
        r.Phase = BackupPhases.Of((string?)status?["phase"]);
        r.QueuePosition = Int(status?["queuePosition"]);
        r.Scope = Scope(spec);
        r.StorageLocation = (string?)spec?["storageLocation"];
        r.Schedule = (string?)meta?["labels"]?[ScheduleLabel];
        r.RequestedBy = (string?)meta?["annotations"]?[RequestedByAnnotation] ?? r.RequestedBy;
        r.CreatedUtc = Time(meta?["creationTimestamp"]) ?? r.CreatedUtc;
        r.StartedUtc = Time(status?["startTimestamp"]);
        r.CompletedUtc = Time(status?["completionTimestamp"]);
        r.ExpiresUtc = Time(status?["expiration"]);
        r.ItemsBackedUp = Int(status?["progress"]?["itemsBackedUp"]);
        r.TotalItems = Int(status?["progress"]?["totalItems"]);
        r.Warnings = Int(status?["warnings"]) ?? 0;
        r.Errors = Int(status?["errors"]) ?? 0;
        r.FailureReason = (string?)status?["failureReason"];
        r.Pinned = (string?)meta?["labels"]?[BackupPinService.PinnedLabel] == "true";
    }

    public static string Scope(JsonNode? spec)
    {
        var parts = new List<string>();
        var included = Strings(spec?["includedNamespaces"]);
        parts.Add("ns: " + (included.Count == 0 || included.Contains("*") ? "all" : string.Join(", ", included)));
        if (Strings(spec?["excludedNamespaces"]) is { Count: > 0 } excluded)
            parts.Add("except: " + string.Join(", ", excluded));
        if (Strings(spec?["includedResources"]) is { Count: > 0 } resources && !resources.Contains("*"))
            parts.Add("resources: " + string.Join(", ", resources));
        if (spec?["labelSelector"]?["matchLabels"] is JsonObject labels && labels.Count > 0)
            parts.Add("labels: " + string.Join(",", labels.Select(l => $"{l.Key}={l.Value}")));
        var scope = string.Join("; ", parts);
        return scope.Length > 2000 ? scope[..2000] : scope;
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n).OfType<string>().ToList() : [];

    internal static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    internal static DateTime? Time(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s)
        && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.UtcDateTime : null;
}
