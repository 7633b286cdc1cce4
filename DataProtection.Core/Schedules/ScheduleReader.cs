using System.Globalization;
using System.Text.Json;
using DataProtection.Core.Backups;

namespace DataProtection.Core.Schedules;

/// <summary>Reads the fields of a Velero Schedule (velero.io/v1) the dashboard shows; absent fields stay null.</summary>
internal static class ScheduleReader
{
    /// <summary>KubernetesClient hands custom objects back as JsonElement (or a string for some transports); both become JsonElement.</summary>
    public static JsonElement Parse(object value) => value switch
    {
        JsonElement element => element,
        string text => JsonDocument.Parse(text).RootElement.Clone(),
        _ => JsonSerializer.SerializeToElement(value),
    };

    public static string Name(JsonElement schedule) => Get(schedule, "metadata", "name") ?? "";

    public static ScheduleSummary Summary(string cluster, JsonElement s, BackupRecord? last) => new(
        cluster,
        Name(s),
        Get(s, "spec", "schedule") ?? "",
        Bool(s, "spec", "paused"),
        Get(s, "status", "phase") ?? "New",
        Errors(s),
        Time(Get(s, "status", "lastBackup")),
        Get(s, "spec", "template", "ttl"),
        last is null ? null : new LastBackup(last.Name, last.Phase, last.CreatedUtc, last.DeletedUtc is not null),
        Get(s, "metadata", "resourceVersion") ?? "");

    private static string? Get(JsonElement e, params string[] path)
    {
        foreach (var p in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e))
            {
                return null;
            }
        }
        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }

    private static bool Bool(JsonElement e, string a, string b) =>
        e.TryGetProperty(a, out var x) && x.ValueKind == JsonValueKind.Object && x.TryGetProperty(b, out var y) && y.ValueKind == JsonValueKind.True;

    private static IReadOnlyList<string> Errors(JsonElement e) =>
        e.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object
            && status.TryGetProperty("validationErrors", out var errors) && errors.ValueKind == JsonValueKind.Array
            ? [.. errors.EnumerateArray().Select(x => x.GetString() ?? "")]
            : [];

    private static DateTime? Time(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
