using System.Text.Json.Nodes;

namespace DataProtection.Core.Volumes;

/// <summary>
/// The kind of a pod volume (the name of its source field) and, mirroring Velero's <c>GetVolumesByPod</c>, why Velero's
/// file-system backup never takes it.
/// </summary>
public static class VolumeSources
{
    private static readonly string[] Known =
        ["persistentVolumeClaim", "emptyDir", "configMap", "secret", "hostPath", "projected", "downwardAPI", "ephemeral", "csi", "nfs"];

    public static string KindOf(JsonObject volume) =>
        Known.FirstOrDefault(volume.ContainsKey) ?? volume.Select(p => p.Key).FirstOrDefault(k => k != "name") ?? "unknown";

    public static string? UnsupportedReason(JsonObject volume)
    {
        var name = (string?)volume["name"] ?? "";
        var isTokenProjection = volume["projected"]?["sources"] is JsonArray sources && sources.OfType<JsonObject>().Any(s => s.ContainsKey("serviceAccountToken"));
        if (name.StartsWith("default-token", StringComparison.Ordinal) || isTokenProjection)
        {
            return "Service account token: issued by the cluster, never backed up.";
        }
        return KindOf(volume) switch
        {
            "hostPath" => "hostPath volumes are not mounted under /var/lib/kubelet/pods, so Velero's node agent cannot read them.",
            "secret" => "Secret volumes are not backed up as data: the Secret is backed up as a Kubernetes object.",
            "configMap" => "ConfigMap volumes are not backed up as data: the ConfigMap is backed up as a Kubernetes object.",
            "projected" => "Projected volumes hold only data from Kubernetes objects, which are backed up as objects.",
            "downwardAPI" => "Downward API volumes hold only data from Kubernetes objects, which are backed up as objects.",
            _ => null,
        };
    }
}
