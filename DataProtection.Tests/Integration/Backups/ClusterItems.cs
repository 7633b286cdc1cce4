using System.Text.Json;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;

namespace DataProtection.Tests.Integration.Backups;

/// <summary>One object as a backup's resource list names it: <c>&lt;apiVersion&gt;/&lt;Kind&gt;</c> and <c>ns/name</c> or <c>name</c>.</summary>
public sealed record ClusterItem(string Key, string Resource, string Group, bool Namespaced, string? Namespace, string Name, IReadOnlyDictionary<string, string> Labels)
{
    public string Entry => Namespace is null ? Name : $"{Namespace}/{Name}";

    public string Id => $"{Key} {Entry}";

    public bool IsNamespace => Resource == "namespaces" && Group == "";

    public bool Has(string label, string value) => Labels.TryGetValue(label, out var v) && v == value;
}

/// <summary>
/// Every object on a cluster, read through discovery (each group's preferred version) and plain lists: what the test expects a
/// backup to hold is computed from this, independently of the sandbox's Velero.
/// </summary>
public static class ClusterItems
{
    public static async Task<List<ClusterItem>> ListAsync(k8s.Kubernetes client)
    {
        var versions = new List<(string Root, string ApiVersion, string Group)> { ("api/v1", "v1", "") };
        using (var groups = await client.GetJsonAsync("apis", CancellationToken.None))
        {
            foreach (var group in groups.RootElement.GetProperty("groups").EnumerateArray())
            {
                var preferred = group.GetProperty("preferredVersion").GetProperty("groupVersion").GetString()!;
                versions.Add(($"apis/{preferred}", preferred, group.GetProperty("name").GetString()!));
            }
        }
        var items = new List<ClusterItem>();
        foreach (var (root, apiVersion, group) in versions)
        {
            using var resources = await client.GetJsonAsync(root, CancellationToken.None);
            foreach (var resource in resources.RootElement.GetProperty("resources").EnumerateArray())
            {
                var plural = resource.GetProperty("name").GetString()!;
                if (plural.Contains('/') || !resource.GetProperty("verbs").EnumerateArray().Any(v => v.GetString() == "list"))
                    continue;
                var kind = resource.GetProperty("kind").GetString()!;
                var namespaced = resource.GetProperty("namespaced").GetBoolean();
                foreach (var item in await client.ListAllAsync($"{root}/{plural}", CancellationToken.None))
                {
                    var meta = item["metadata"]!;
                    var labels = meta["labels"]?.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value ?? "") ?? [];
                    items.Add(new ClusterItem($"{apiVersion}/{kind}", plural, group, namespaced, namespaced ? (string?)meta["namespace"] : null,
                        (string)meta["name"]!, labels));
                }
            }
        }
        return items;
    }

    /// <summary>The items and the Namespace objects Velero adds: a namespace that passes the filter and matches, or holds a taken item.</summary>
    public static SortedSet<string> Expect(IEnumerable<ClusterItem> all, Func<ClusterItem, bool> take, Func<string, bool> namespaceIncluded,
        Func<ClusterItem, bool> namespaceMatches)
    {
        var list = all.ToList();
        var taken = list.Where(i => !i.IsNamespace && take(i)).ToList();
        var withItems = taken.Where(i => i.Namespace is not null).Select(i => i.Namespace!).ToHashSet();
        var namespaces = list.Where(i => i.IsNamespace && namespaceIncluded(i.Name) && (namespaceMatches(i) || withItems.Contains(i.Name)));
        return new SortedSet<string>(taken.Concat(namespaces).Select(i => i.Id), StringComparer.Ordinal);
    }

    public static SortedSet<string> FromResourceList(JsonDocument list) =>
        new(list.RootElement.EnumerateObject().SelectMany(p => p.Value.EnumerateArray().Select(e => $"{p.Name} {e.GetString()}")), StringComparer.Ordinal);
}
