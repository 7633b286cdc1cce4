using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// Velero's scoped resource filters (included/excludedClusterScopedResources, included/excludedNamespaceScopedResources),
/// the replacement for includedResources/excludedResources/includeClusterResources, with which they cannot be mixed.
/// </summary>
internal sealed class ScopedResourceFilter
{
    public const string MixedMessage = "include-resources, exclude-resources and include-cluster-resources are old filter parameters.\n" +
        "include-cluster-scoped-resources, exclude-cluster-scoped-resources, include-namespace-scoped-resources and exclude-namespace-scoped-resources are new filter parameters.\n" +
        "They cannot be used together";

    private readonly IReadOnlyList<string> _includedCluster, _excludedCluster, _includedNamespaced, _excludedNamespaced;

    private ScopedResourceFilter(JsonObject spec)
    {
        _includedCluster = BackupFilter.Strings(spec["includedClusterScopedResources"]);
        _excludedCluster = BackupFilter.Strings(spec["excludedClusterScopedResources"]);
        _includedNamespaced = BackupFilter.Strings(spec["includedNamespaceScopedResources"]);
        _excludedNamespaced = BackupFilter.Strings(spec["excludedNamespaceScopedResources"]);
    }

    /// <summary>Velero's UseOldResourceFilters: the old fields win when set, and also when no resource filter is set at all.</summary>
    public static bool UsesOldFilters(JsonObject spec) =>
        spec["includeClusterResources"] is JsonValue || BackupFilter.Strings(spec["includedResources"]).Count > 0
        || BackupFilter.Strings(spec["excludedResources"]).Count > 0 || !UsesNewFilters(spec);

    private static bool UsesNewFilters(JsonObject spec) =>
        new[] { "includedClusterScopedResources", "excludedClusterScopedResources", "includedNamespaceScopedResources", "excludedNamespaceScopedResources" }
            .Any(field => BackupFilter.Strings(spec[field]).Count > 0);

    /// <summary>The filter for a spec that uses the new fields (null otherwise), adding Velero's validation messages to <paramref name="errors"/>.</summary>
    public static ScopedResourceFilter? For(JsonObject spec, List<string> errors)
    {
        if (UsesNewFilters(spec) && UsesOldFilters(spec))
            errors.Add(MixedMessage);
        if (UsesOldFilters(spec))
            return null;
        var filter = new ScopedResourceFilter(spec);
        errors.AddRange(Validate(filter._includedCluster, filter._excludedCluster).Select(e => $"Invalid cluster-scoped included/excluded resource lists: {e}"));
        errors.AddRange(Validate(filter._includedNamespaced, filter._excludedNamespaced).Select(e => $"Invalid namespace-scoped included/excluded resource lists: {e}"));
        return filter;
    }

    private static IEnumerable<string> Validate(IReadOnlyList<string> includes, IReadOnlyList<string> excludes)
    {
        if (includes.Distinct().Count() > 1 && includes.Contains("*"))
            yield return "includes list must either contain '*' only, or a non-empty list of items";
        if (excludes.Distinct().Count() > 1 && excludes.Contains("*"))
            yield return "excludes list must either contain '*' only, or a non-empty list of items";
        if (includes.Count > 0 && excludes.Contains("*"))
            yield return "when exclude is '*', include cannot have value";
        foreach (var item in excludes.Distinct().Order(StringComparer.Ordinal).Where(includes.Contains))
            yield return $"excludes list cannot contain an item in the includes list: {item}";
    }

    /// <summary>
    /// Namespaced kinds: everything not excluded, or only the included ones. Cluster-scoped kinds: only those included, except
    /// that a full backup (all namespaces, all namespaced kinds, no cluster-scoped lists) takes them all.
    /// </summary>
    public bool Includes(ApiResource resource, bool allNamespaces)
    {
        if (resource.Namespaced)
            return !Matches(_excludedNamespaced, resource) && (_includedNamespaced.Count == 0 || Matches(_includedNamespaced, resource));
        if (Matches(_excludedCluster, resource))
            return false;
        if (_includedCluster.Count == 0 && _excludedCluster.Count == 0 && allNamespaces && _excludedNamespaced.Count == 0
            && _includedNamespaced.All(r => r == "*"))
            return true;
        return Matches(_includedCluster, resource) || resource.GroupResource == "namespaces";
    }

    private static bool Matches(IReadOnlyList<string> names, ApiResource resource) => names.Any(n => n == "*" || resource.IsNamed(n));
}
