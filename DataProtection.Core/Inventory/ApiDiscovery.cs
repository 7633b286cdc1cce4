using System.Text.Json;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Inventory;

/// <summary>Legacy discovery (<c>/api/v1</c>, <c>/apis</c>, each group's preferred version): KubernetesClient has no helper for it.</summary>
internal static class ApiDiscovery
{
    public static async Task<IReadOnlyList<ResourceKind>> DiscoverAsync(k8s.Kubernetes client, CancellationToken cancellationToken)
    {
        var core = ReadResourcesAsync(client, "", "v1", "/api/v1", cancellationToken);
        using var groups = await client.GetJsonAsync("/apis", cancellationToken);
        var versions = groups.RootElement.TryGetProperty("groups", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
                .Where(g => g.TryGetProperty("preferredVersion", out _))
                .Select(g => (Group: g.GetProperty("name").GetString()!, Version: g.GetProperty("preferredVersion").GetProperty("version").GetString()!))
                .ToList()
            : [];
        var perGroup = versions.Select(v => ReadResourcesAsync(client, v.Group, v.Version, $"/apis/{v.Group}/{v.Version}", cancellationToken));
        var all = await Task.WhenAll(perGroup.Prepend(core));
        return all.SelectMany(k => k).OrderBy(k => k.Group, StringComparer.Ordinal).ThenBy(k => k.Resource, StringComparer.Ordinal).ToList();
    }

    private static async Task<IReadOnlyList<ResourceKind>> ReadResourcesAsync(k8s.Kubernetes client, string group, string version, string path, CancellationToken ct)
    {
        using var json = await client.GetJsonOrNullAsync(path, ct);
        if (json is null || !json.RootElement.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        return resources.EnumerateArray()
            .Select(r => (Name: r.GetProperty("name").GetString() ?? "", Resource: r))
            .Where(r => !r.Name.Contains('/'))
            .Select(r => new ResourceKind(group, version, r.Name,
                r.Resource.TryGetProperty("kind", out var kind) ? kind.GetString() ?? "" : "",
                r.Resource.TryGetProperty("namespaced", out var ns) && ns.ValueKind == JsonValueKind.True,
                r.Resource.TryGetProperty("verbs", out var verbs) && verbs.ValueKind == JsonValueKind.Array
                    && verbs.EnumerateArray().Any(v => v.GetString() == "list")))
            .ToList();
    }
}
