using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// Which pod volumes go to file-system backup, as Velero's volume helper decides without volume policies: opt-in through
/// <c>backup.velero.io/backup-volumes</c>, or with defaultVolumesToFsBackup every volume but the excluded names and kinds.
/// </summary>
internal static class PodVolumeSelector
{
    public const string IncludeAnnotation = "backup.velero.io/backup-volumes";
    public const string ExcludeAnnotation = "backup.velero.io/backup-volumes-excludes";
    private static readonly string[] KubeStateKinds = ["hostPath", "secret", "configMap", "projected", "downwardAPI"];

    /// <summary>The volumes to back up, in the pod's volume order, and the rest, which Velero's tracker calls opted out.</summary>
    public static (List<string> Selected, List<string> OptedOut) Select(JsonObject pod, bool defaultVolumesToFsBackup)
    {
        List<string> selected = [], optedOut = [];
        foreach (var volume in Volumes(pod))
        {
            var name = (string?)volume["name"] ?? "";
            if (IsIncludable(volume) && WantsFsBackup(pod, name, defaultVolumesToFsBackup))
                selected.Add(name);
            else
                optedOut.Add(name);
        }
        return (selected, optedOut);
    }

    /// <summary>Velero's shouldPerformFSBackupLegacy: the annotations alone, as used to skip snapshots of PVs backed up by FSB.</summary>
    public static bool WantsFsBackup(JsonObject pod, string volume, bool defaultVolumesToFsBackup) =>
        defaultVolumesToFsBackup ? !Annotation(pod, ExcludeAnnotation).Contains(volume) : Annotation(pod, IncludeAnnotation).Contains(volume);

    public static IEnumerable<JsonObject> Volumes(JsonObject pod) => (pod["spec"]?["volumes"] as JsonArray ?? []).OfType<JsonObject>();

    public static string? ClaimName(JsonObject volume) => (string?)volume["persistentVolumeClaim"]?["claimName"];

    private static bool IsIncludable(JsonObject volume) =>
        !KubeStateKinds.Any(volume.ContainsKey) && !((string?)volume["name"] ?? "").StartsWith("default-token", StringComparison.Ordinal);

    private static string[] Annotation(JsonObject pod, string key) =>
        ((string?)pod["metadata"]?["annotations"]?[key] ?? "").Split(',');
}
