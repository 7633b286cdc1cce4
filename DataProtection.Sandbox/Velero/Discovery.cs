using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's discovery helper: every group in its preferred version, listable resources only.</summary>
internal static class Discovery
{
    public static async Task<IReadOnlyList<ApiResource>> PreferredResourcesAsync(KubeClient kube, CancellationToken ct)
    {
        var groupVersions = new List<(string Group, string Version)> { ("", "v1") };
        var groups = await kube.ListAsync("apis", ct);
        foreach (var group in (groups["groups"] as JsonArray ?? []).OfType<JsonObject>())
            groupVersions.Add(((string)group["name"]!, (string)group["preferredVersion"]!["version"]!));
        var resources = new List<ApiResource>();
        foreach (var (group, version) in groupVersions)
        {
            var list = await kube.ListAsync(group.Length == 0 ? "api/v1" : $"apis/{group}/{version}", ct);
            foreach (var r in (list["resources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var name = (string)r["name"]!;
                if (name.Contains('/') || !(r["verbs"] as JsonArray ?? []).Any(v => (string?)v == "list"))
                    continue;
                resources.Add(new ApiResource(group, version, name, (string?)r["singularName"] ?? "", (string)r["kind"]!, (bool?)r["namespaced"] ?? false,
                    (r["shortNames"] as JsonArray ?? []).Select(s => (string)s!).ToList()));
            }
        }
        return resources;
    }
}
