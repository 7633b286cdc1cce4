using System.Text.Json.Nodes;

namespace DataProtection.Core.Volumes;

/// <summary>Where a pod's annotations are decided: an object path and the JSON path of its pod template (empty for a bare pod).</summary>
internal sealed record ResolvedOwner(WorkloadOwner Owner, string Path, string[] TemplatePath)
{
    public JsonNode? Annotations(JsonObject ownerObject)
    {
        JsonNode? node = ownerObject;
        foreach (var step in TemplatePath)
        {
            node = node?[step];
        }
        return node?["metadata"]?["annotations"];
    }
}

/// <summary>
/// Follows controller ownerReferences to the top workload. A Job's pod template is immutable, so pods of a CronJob's Job
/// resolve to the CronJob (its jobTemplate shapes the next runs) and pods of a standalone Job are read-only.
/// </summary>
internal static class WorkloadOwners
{
    private static readonly string[] PodTemplate = ["spec", "template"];
    private static readonly string[] JobTemplate = ["spec", "jobTemplate", "spec", "template"];

    public static async Task<ResolvedOwner> ResolveAsync(string ns, JsonObject pod, Func<string, Task<JsonObject?>> get)
    {
        var podName = (string)pod["metadata"]!["name"]!;
        var owner = Controller(pod);
        if (owner is null)
        {
            return new(new WorkloadOwner("Pod", podName), $"{VolumeKube.NamespacePath(ns)}/pods/{Uri.EscapeDataString(podName)}", []);
        }
        switch (owner.Value.Kind)
        {
            case "ReplicaSet":
                var replicaSet = await get(Path(ns, "apps", "replicasets", owner.Value.Name));
                return replicaSet is not null && Controller(replicaSet) is { Kind: "Deployment" } deployment
                    ? Apps(ns, "Deployment", "deployments", deployment.Name)
                    : Apps(ns, "ReplicaSet", "replicasets", owner.Value.Name);
            case "StatefulSet":
                return Apps(ns, "StatefulSet", "statefulsets", owner.Value.Name);
            case "DaemonSet":
                return Apps(ns, "DaemonSet", "daemonsets", owner.Value.Name);
            case "Job":
                var job = await get(Path(ns, "batch", "jobs", owner.Value.Name));
                return job is not null && Controller(job) is { Kind: "CronJob" } cronJob
                    ? new(new WorkloadOwner("CronJob", cronJob.Name), Path(ns, "batch", "cronjobs", cronJob.Name), JobTemplate)
                    : new(new WorkloadOwner("Job", owner.Value.Name,
                        "A Job's pod template cannot be changed; set the annotation in the Job's manifest for its next run."), Path(ns, "batch", "jobs", owner.Value.Name), PodTemplate);
            default:
                return new(new WorkloadOwner(owner.Value.Kind, owner.Value.Name,
                    $"{owner.Value.Kind} {owner.Value.Name} creates this pod from its own spec; set the annotation there."), "", []);
        }
    }

    private static ResolvedOwner Apps(string ns, string kind, string plural, string name) =>
        new(new WorkloadOwner(kind, name), Path(ns, "apps", plural, name), PodTemplate);

    private static string Path(string ns, string group, string plural, string name) =>
        $"/apis/{group}/v1/namespaces/{Uri.EscapeDataString(ns)}/{plural}/{Uri.EscapeDataString(name)}";

    private static (string Kind, string Name)? Controller(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(r => r["controller"] is JsonValue c && c.TryGetValue<bool>(out var isController) && isController)
            .Select(r => ((string?)r["kind"] ?? "", (string?)r["name"] ?? ""))
            .Cast<(string, string)?>()
            .FirstOrDefault();
}
