using System.Text.Json.Nodes;

namespace DataProtection.Core.Volumes;

/// <summary>Velero's pod annotations for file-system backup: comma-separated volume names.</summary>
public static class BackupAnnotations
{
    public const string BackupVolumes = "backup.velero.io/backup-volumes";
    public const string BackupVolumesExcludes = "backup.velero.io/backup-volumes-excludes";

    /// <summary>Velero splits on ',' without trimming; we trim and drop empty entries, and always write without spaces.</summary>
    public static IReadOnlyList<string> Parse(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> Read(JsonNode? annotations, string key) =>
        Parse(annotations is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null);

    /// <summary>The list with <paramref name="volume"/> added at the end or removed; other names are kept as they are.</summary>
    public static IReadOnlyList<string> Toggle(IReadOnlyList<string> current, string volume, bool optedIn) =>
        optedIn
            ? current.Contains(volume, StringComparer.Ordinal) ? current : [.. current, volume]
            : current.Where(v => v != volume).ToList();

    /// <summary>Null when empty: the annotation is removed rather than left as "".</summary>
    public static string? Format(IReadOnlyList<string> volumes) => volumes.Count == 0 ? null : string.Join(',', volumes);
}
