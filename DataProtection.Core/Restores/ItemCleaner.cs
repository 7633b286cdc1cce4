using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DataProtection.Core.Restores;

/// <summary>
/// Prepares a backed-up object for creation as Velero's restore does (pkg/restore: resetMetadataAndStatus, the built-in
/// Pod, Service and volume-binding actions, the restore labels), so an item-by-item restore leaves what a Velero restore would.
/// </summary>
public static class ItemCleaner
{
    public const string BackupNameLabel = "velero.io/backup-name";
    public const string RestoreNameLabel = "velero.io/restore-name";

    private static readonly string[] DroppedMetadata =
        ["generateName", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
         "ownerReferences", "managedFields"];

    /// <summary>The object to create, or null when Velero would not restore it (a finished Pod or Job).</summary>
    public static JsonObject? Clean(JsonObject backedUp, string groupResource, string? targetNamespace, string restore, string backup, bool preserveNodePorts)
    {
        if (IsCompleted(backedUp, groupResource))
            return null;
        var obj = Reset(backedUp.DeepClone().AsObject());
        if (targetNamespace is not null)
            obj["metadata"]!["namespace"] = targetNamespace;
        switch (groupResource)
        {
            case "services":
                Service(obj, preserveNodePorts);
                break;
            case "pods":
                Pod(obj);
                break;
            case "persistentvolumes" or "persistentvolumeclaims":
                ResetVolumeBinding(obj);
                break;
        }
        AddRestoreLabels(obj, restore, backup);
        return obj;
    }

    /// <summary>resetMetadataAndStatus: what the source cluster assigned goes, status goes.</summary>
    public static JsonObject Reset(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject ?? [];
        foreach (var field in DroppedMetadata)
            metadata.Remove(field);
        obj["metadata"] = metadata;
        obj.Remove("status");
        return obj;
    }

    public static void AddRestoreLabels(JsonObject obj, string restore, string backup)
    {
        var metadata = (JsonObject)(obj["metadata"] ??= new JsonObject());
        var labels = metadata["labels"] as JsonObject ?? [];
        labels[BackupNameLabel] = LabelValue(backup);
        labels[RestoreNameLabel] = LabelValue(restore);
        metadata["labels"] = labels;
    }

    /// <summary>Velero's label.GetValidName: a name over 63 characters becomes its first 57 and 6 hex digits of its SHA-256.</summary>
    public static string LabelValue(string name) =>
        name.Length <= 63 ? name : name[..57] + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..6];

    private static bool IsCompleted(JsonObject obj, string groupResource) => groupResource switch
    {
        "pods" => (string?)obj["status"]?["phase"] is "Succeeded" or "Failed",
        "jobs.batch" => obj["status"]?["completionTime"] is not null,
        _ => false,
    };

    /// <summary>The ServiceAction: a new cluster IP; new node ports unless preserved or set explicitly (kubectl's last-applied configuration).</summary>
    private static void Service(JsonObject service, bool preserveNodePorts)
    {
        if (service["spec"] is not JsonObject spec)
            return;
        if ((string?)spec["clusterIP"] != "None")
        {
            spec.Remove("clusterIP");
            spec.Remove("clusterIPs");
        }
        if (preserveNodePorts)
            return;
        var applied = LastApplied(service)?["spec"];
        var explicitPorts = (applied?["ports"] as JsonArray ?? []).OfType<JsonObject>().Where(p => p["nodePort"] is not null)
            .Select(p => (string?)p["name"] ?? "").ToHashSet();
        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>().Where(p => !explicitPorts.Contains((string?)p["name"] ?? "")))
            port.Remove("nodePort");
        if (applied?["healthCheckNodePort"] is null)
            spec.Remove("healthCheckNodePort");
    }

    /// <summary>The PodAction: unscheduled, no priority value, no legacy service-account token volumes.</summary>
    private static void Pod(JsonObject pod)
    {
        if (pod["spec"] is not JsonObject spec)
            return;
        spec.Remove("nodeName");
        spec.Remove("priority");
        var tokenPrefix = ((string?)spec["serviceAccountName"] ?? "") + "-token-";
        RemoveWhere(spec["volumes"] as JsonArray, v => ((string?)v["name"] ?? "").StartsWith(tokenPrefix, StringComparison.Ordinal));
        foreach (var container in new[] { "containers", "initContainers" }.SelectMany(c => (spec[c] as JsonArray ?? []).OfType<JsonObject>()))
            RemoveWhere(container["volumeMounts"] as JsonArray, m => ((string?)m["name"] ?? "").StartsWith(tokenPrefix, StringComparison.Ordinal));
    }

    /// <summary>resetVolumeBindingInfo: the claim reference and binding annotations of the source cluster go.</summary>
    private static void ResetVolumeBinding(JsonObject obj)
    {
        if (obj["spec"]?["claimRef"] is JsonObject claimRef)
        {
            claimRef.Remove("uid");
            claimRef.Remove("resourceVersion");
        }
        if (obj["metadata"]?["annotations"] is JsonObject annotations)
        {
            annotations.Remove("pv.kubernetes.io/bind-completed");
            annotations.Remove("pv.kubernetes.io/bound-by-controller");
        }
    }

    private static JsonNode? LastApplied(JsonObject obj)
    {
        try
        {
            return (string?)obj["metadata"]?["annotations"]?["kubectl.kubernetes.io/last-applied-configuration"] is { } text ? JsonNode.Parse(text) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static void RemoveWhere(JsonArray? array, Func<JsonObject, bool> predicate)
    {
        if (array is null)
            return;
        foreach (var item in array.OfType<JsonObject>().Where(predicate).ToList())
            array.Remove(item);
    }
}
