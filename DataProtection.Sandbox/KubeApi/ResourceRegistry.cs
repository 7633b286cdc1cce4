using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>The resources a cluster serves right now: the built-ins plus whatever its CRDs declare.</summary>
internal sealed class ResourceRegistry
{
    private volatile IReadOnlyList<ResourceType> _all = BuiltInResources.All;

    public IReadOnlyList<ResourceType> All => _all;

    public void Refresh(IEnumerable<JsonObject> crds) =>
        _all = [.. BuiltInResources.All, .. crds.SelectMany(CrdResources.From)];

    public ResourceType? Find(string group, string version, string plural) =>
        _all.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public IEnumerable<ResourceType> InGroupVersion(string group, string version) =>
        _all.Where(t => t.Group == group && t.Version == version);

    /// <summary>Group versions in discovery order: the core group first, then groups as first seen.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        _all.Where(t => t.Group.Length > 0)
            .GroupBy(t => t.Group)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(t => t.Version).Distinct().ToList()))
            .ToList();
}
