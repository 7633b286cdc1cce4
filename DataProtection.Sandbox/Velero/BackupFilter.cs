using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DataProtection.Sandbox.Velero;

/// <summary>What a Backup's spec selects: namespaces (with <c>*</c> globs), resources, cluster-scoped resources and labels.</summary>
internal sealed class BackupFilter
{
    private const string ExcludeLabel = "velero.io/exclude-from-backup";
    private readonly IReadOnlyList<string> _includedNamespaces, _excludedNamespaces, _includedResources, _excludedResources;
    private readonly bool? _includeClusterResources;
    private readonly IReadOnlyList<LabelSelectorMatcher> _selectors = [];
    private readonly ScopedResourceFilter? _scoped;
    private readonly List<string> _errors = [];

    /// <summary>Reads the spec; what Velero would reject is listed in <see cref="Errors"/>, worded as Velero words it.</summary>
    public BackupFilter(JsonObject spec)
    {
        _includedNamespaces = Strings(spec["includedNamespaces"]);
        _excludedNamespaces = Strings(spec["excludedNamespaces"]);
        _includedResources = Strings(spec["includedResources"]);
        _excludedResources = Strings(spec["excludedResources"]);
        _includeClusterResources = (bool?)spec["includeClusterResources"];
        _scoped = ScopedResourceFilter.For(spec, _errors);
        if (_scoped is null)
            _errors.AddRange(ValidateOld(_includedResources, _excludedResources).Select(e => $"Invalid included/excluded resource lists: {e}"));
        var overlap = _includedNamespaces.Intersect(_excludedNamespaces).ToList();
        if (overlap.Count > 0)
            _errors.Add($"Invalid included/excluded namespace lists: excludes list cannot contain an item in the includes list: {overlap[0]}");
        var or = spec["orLabelSelectors"] as JsonArray ?? [];
        if (spec["labelSelector"] is JsonObject && or.Count > 0)
            _errors.Add("encountered labelSelector as well as orLabelSelectors in backup spec, only one can be specified");
        else
        {
            try
            {
                _selectors = or.Count > 0 ? or.Select(LabelSelectorMatcher.Parse).ToList() : [LabelSelectorMatcher.Parse(spec["labelSelector"])];
            }
            catch (FormatException e)
            {
                _errors.Add($"invalid label selector: {e.Message}");
            }
        }
    }

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>The namespaces named outright (not <c>*</c> or a glob): Velero reports those that do not exist.</summary>
    public IEnumerable<string> LiteralNamespaces => _includedNamespaces.Where(n => n.IndexOfAny(['*', '?', '[']) < 0);

    private static IEnumerable<string> ValidateOld(IReadOnlyList<string> includes, IReadOnlyList<string> excludes)
    {
        if (includes.Distinct().Count() > 1 && includes.Contains("*"))
            yield return "includes list must either contain '*' only, or a non-empty list of items";
        if (excludes.Contains("*"))
            yield return "excludes list cannot contain '*'";
        foreach (var item in excludes.Distinct().Order(StringComparer.Ordinal).Where(includes.Contains))
            yield return $"excludes list cannot contain an item in the includes list: {item}";
    }

    private bool AllNamespaces => _includedNamespaces.Count == 0 || _includedNamespaces.Contains("*") && _excludedNamespaces.Count == 0;

    public bool IncludesNamespace(string ns) =>
        (_includedNamespaces.Count == 0 || _includedNamespaces.Any(p => Glob(p, ns))) && !_excludedNamespaces.Any(p => Glob(p, ns));

    public bool IncludesResource(ApiResource resource)
    {
        if (_scoped is not null)
            return _scoped.Includes(resource, _excludedNamespaces.Count == 0 && _includedNamespaces.All(n => n == "*"));
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
    internal static bool Glob(string pattern, string value) =>
        pattern == value || pattern.IndexOfAny(['*', '?', '[']) >= 0 && Regex.IsMatch(value,
            "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".").Replace("\\[", "[") + "$");

    internal static List<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => (string?)n ?? "").Where(s => s.Length > 0).ToList();
}
