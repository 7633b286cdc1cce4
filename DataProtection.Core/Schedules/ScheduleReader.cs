using System.Globalization;
using System.Text.Json.Nodes;
using DataProtection.Core.Backups;

namespace DataProtection.Core.Schedules;

/// <summary>Reads the fields of a Velero Schedule (velero.io/v1) the dashboard shows; absent fields stay null.</summary>
internal static class ScheduleReader
{
    public static string Name(JsonObject schedule) => (string?)schedule["metadata"]?["name"] ?? "";

    public static ScheduleSummary Summary(string cluster, JsonObject s, BackupRecord? last) => new(
        cluster,
        Name(s),
        (string?)s["spec"]?["schedule"] ?? "",
        (bool?)s["spec"]?["paused"] ?? false,
        (string?)s["status"]?["phase"] ?? "New",
        [.. (s["status"]?["validationErrors"] as JsonArray ?? []).Select(e => (string?)e ?? "")],
        Time((string?)s["status"]?["lastBackup"]),
        (string?)s["spec"]?["template"]?["ttl"],
        last is null ? null : new LastBackup(last.Name, last.Phase, last.CreatedUtc, last.DeletedUtc is not null),
        (string?)s["metadata"]?["resourceVersion"] ?? "");

    private static DateTime? Time(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
