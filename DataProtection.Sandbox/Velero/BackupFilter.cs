using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DataProtection.Sandbox.Velero;

/// <summary>What a Backup's spec selects: namespaces (with <c>*</c> globs), resources, cluster-scoped resources and labels.</summary>
internal sealed class BackupFilter
{
    private const string ExcludeLabel = "velero.io/exclude-from-backup";
    private readonly IReadOnlyList<string> _includedNamespaces, _excludedNamespaces, _includedResources, _excludedResources;
    private readonly bool? _includeClusterResources;
    private readonly IReadOnlyList<LabelSelectorMatcher> _selectors;

    /// <summary>Reads the spec, or throws <see cref="FormatException"/> with Velero's validation message.</summary>
    public BackupFilter(JsonObject spec)
    {
        _includedNamespaces = Strings(spec["includedNamespaces"]);
        _excludedNamespaces = Strings(spec["excludedNamespaces"]);
        _includedResources = Strings(spec["includedResources"]);
        _excludedResources = Strings(spec["excludedResources"]);
        _includeClusterResources = (bool?)spec["includeClusterResources"];
        var or = spec["orLabelSelectors"] as JsonArray ?? [];
        if (spec["labelSelector"] is JsonObject && or.Count > 0)
            throw new FormatException("encountered labelSelector as well as orLabelSelectors in backup spec, only one can be specified");
        try
        {
            _selectors = or.Count > 0 ? or.Select(LabelSelectorMatcher.Parse).ToList() : [LabelSelectorMatcher.Parse(spec["labelSelector"])];
        }
        catch (FormatException e)
        {
            throw new FormatException($"invalid label selector: {e.Message}");
        }
        var overlap = _includedResources.Intersect(_excludedResources).ToList();
        if (overlap.Count > 0)
            throw new FormatException($"Invalid included/excluded resource lists: excludes list cannot contain an item in the includes list: {overlap[0]}");
        overlap = _includedNamespaces.Intersect(_excludedNamespaces).ToList();
        if (overlap.Count > 0)
            throw new FormatException($"Invalid included/excluded namespace lists: excludes list cannot contain an item in the includes list: {overlap[0]}");
    }

    private bool AllNamespaces => _includedNamespaces.Count == 0 || _includedNamespaces.Contains("*") && _excludedNamespaces.Count == 0;

    public bool IncludesNamespace(string ns) =>
        (_includedNamespaces.Count == 0 || _includedNamespaces.Any(p => Glob(p, ns))) && !_excludedNamespaces.Any(p => Glob(p, ns));

    public bool IncludesResource(ApiResource resource)
    {
        if (_excludedResources.Any(r => r == "*" || resource.IsNamed(r)))
            return false;
        if (_includedResources.Count > 0 && !_includedResources.Any(r => r == "*" || resource.IsNamed(r)))
            return false;
        // Namespace objects travel with their namespaced items, so they follow the namespace filter instead.
        if (resource.Namespaced || resource.GroupResource == "namespaces")
            return true;
        return _includeClusterResources ?? AllNamespaces;
    }

    public bool IncludesLabels(IReadOnlyDictionary<string, string> labels) =>
        !(labels.TryGetValue(ExcludeLabel, out var excluded) && excluded == "true") && _selectors.Any(s => s.Matches(labels));

    /// <summary>Namespace patterns accept <c>*</c>, <c>?</c> and <c>[abc]</c>, as Velero 1.18's globs do.</summary>
    private static bool Glob(string pattern, string value) =>
        pattern == value || pattern.IndexOfAny(['*', '?', '[']) >= 0 && Regex.IsMatch(value,
            "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".").Replace("\\[", "[") + "$");

    private static List<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => (string?)n ?? "").Where(s => s.Length > 0).ToList();
}
