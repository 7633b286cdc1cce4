using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>What Velero does to an item before creating it: resetMetadataAndStatus, the built-in restore item actions, the labels.</summary>
internal static class RestoreItemActions
{
    private static readonly string[] DroppedMetadata =
        ["generateName", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
         "ownerReferences", "managedFields"];

    /// <summary>resetMetadataAndStatus; managedFields go too, as the sandbox keeps none of its own to compare with.</summary>
    public static JsonObject Reset(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
            foreach (var field in DroppedMetadata)
                metadata.Remove(field);
        obj.Remove("status");
        return obj;
    }

    public static void AddRestoreLabels(JsonObject obj, string restore, string backup)
    {
        var metadata = (JsonObject)(obj["metadata"] ??= new JsonObject());
        var labels = (JsonObject)(metadata["labels"] ??= new JsonObject());
        labels["velero.io/backup-name"] = LabelValue.For(backup);
        labels["velero.io/restore-name"] = LabelValue.For(restore);
    }

    /// <summary>The ServiceAction: a new cluster IP, and new node ports unless preserved or given explicitly in kubectl's last-applied configuration.</summary>
    public static void Service(JsonObject service, bool preserveNodePorts)
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

    /// <summary>The PodAction: unscheduled, no priority, no legacy service-account token volumes.</summary>
    public static void Pod(JsonObject pod)
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

    /// <summary>resetVolumeBindingInfo, for PVs restored as they are and for PVCs bound to a volume.</summary>
    public static void ResetVolumeBinding(JsonObject obj)
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

    /// <summary>Pods that ran to completion and finished Jobs are not restored (isCompleted).</summary>
    public static bool IsCompleted(JsonObject obj, string groupResource) => groupResource switch
    {
        "pods" => (string?)obj["status"]?["phase"] is "Succeeded" or "Failed",
        "jobs.batch" => obj["status"]?["completionTime"] is not null,
        _ => false,
    };

    private static JsonNode? LastApplied(JsonObject obj)
    {
        var text = (string?)obj["metadata"]?["annotations"]?["kubectl.kubernetes.io/last-applied-configuration"];
        try
        {
            return text is null ? null : JsonNode.Parse(text);
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
