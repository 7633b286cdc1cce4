using System.Text.Json.Nodes;
using DataProtection.Sandbox.KubeApi;

namespace DataProtection.Sandbox.Seed;

/// <summary>Many labelled ConfigMaps and Pods for benchmarks, written straight into the store.</summary>
internal static class BulkSeeder
{
    private static readonly string[] Tiers = ["frontend", "backend", "db"];
    private static readonly string[] Teams = ["shop", "payments", "platform", "data"];

    public static void Seed(ObjectWriter writer, int namespaces, int objectsPerNamespace, int seed)
    {
        var random = new Random(seed);
        var nsType = BuiltInResources.Namespaces;
        var configMaps = BuiltInResources.All.First(t => t.Matches("", "configmaps"));
        var pods = BuiltInResources.All.First(t => t.Matches("", "pods"));
        for (var n = 0; n < namespaces; n++)
        {
            var ns = $"bulk-{seed}-{n:D4}";
            writer.Create(nsType, null, Manifests.Object(ns, null, new() { ["bulk"] = "true" }));
            for (var i = 0; i < objectsPerNamespace; i++)
            {
                var labels = new Dictionary<string, string>
                {
                    ["app"] = $"app-{random.Next(20)}", ["tier"] = Tiers[random.Next(Tiers.Length)],
                    ["team"] = Teams[random.Next(Teams.Length)], ["env"] = random.Next(4) == 0 ? "dev" : "prod",
                };
                var obj = Manifests.Object($"obj-{i:D5}", ns, labels);
                if (i % 2 == 0)
                {
                    obj["data"] = new JsonObject { ["index"] = i.ToString() };
                    writer.Create(configMaps, ns, obj);
                }
                else
                {
                    obj["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "busybox:1.36" }) };
                    obj["status"] = new JsonObject { ["phase"] = "Running" };
                    writer.Create(pods, ns, obj);
                }
            }
        }
    }
}
