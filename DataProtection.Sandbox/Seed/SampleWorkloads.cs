using System.Text.Json.Nodes;
using DataProtection.Sandbox.KubeApi;

namespace DataProtection.Sandbox.Seed;

/// <summary>A small, realistic cluster: a few teams' namespaces with workloads, pods, services, config and volumes.</summary>
internal static class SampleWorkloads
{
    public static void Seed(ObjectWriter writer, string clusterName)
    {
        var random = new Random(clusterName.Aggregate(17, (h, c) => h * 31 + c));
        foreach (var ns in new[] { "default", "kube-system" }.Concat(SampleApp.All.Select(a => a.Namespace)).Distinct())
            writer.Create(Type("", "namespaces"), null, Manifests.Object(ns, null, ns.StartsWith("dev-") ? new() { ["env"] = "dev" } : []));
        writer.Create(Type("storage.k8s.io", "storageclasses"), null, Manifests.StorageClass());
        foreach (var app in SampleApp.All)
            SeedApp(writer, app, random);
    }

    private static void SeedApp(ObjectWriter writer, SampleApp app, Random random)
    {
        var (ns, labels) = (app.Namespace, app.Labels);
        writer.Create(Type("", "configmaps"), ns, Manifests.ConfigMap(app));
        writer.Create(Type("", "services"), ns, Manifests.Service(app, random));
        if (app.Tier == "db")
            writer.Create(Type("", "secrets"), ns, Manifests.Secret(app, random));
        writer.Create(Type("", "serviceaccounts"), ns, Manifests.Object(app.Name, ns, labels));
        writer.Create(Type("apps", app.Stateful ? "statefulsets" : "deployments"), ns, Manifests.Workload(app));
        var hash = Suffix(random, 10);
        for (var i = 0; i < app.Replicas; i++)
        {
            var podName = app.Stateful ? $"{app.Name}-{i}" : $"{app.Name}-{hash}-{Suffix(random, 5)}";
            string? claim = null;
            if (app.VolumeSize is { } size)
            {
                claim = $"data-{app.Name}-{i}";
                var volume = $"pvc-{Guid.NewGuid()}";
                writer.Create(Type("", "persistentvolumes"), null, Manifests.PersistentVolume(volume, size, ns, claim));
                writer.Create(Type("", "persistentvolumeclaims"), ns, Manifests.Claim(claim, ns, labels, size, volume));
            }
            writer.Create(Type("", "pods"), ns, Manifests.Pod(app, podName, claim, random));
        }
    }

    private static ResourceType Type(string group, string plural) => BuiltInResources.All.First(t => t.Matches(group, plural));

    private static string Suffix(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => "bcdfghjklmnpqrstvwxz2456789"[random.Next(27)]).ToArray());

    internal static JsonObject Labels(Dictionary<string, string> labels) =>
        new(labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
}
