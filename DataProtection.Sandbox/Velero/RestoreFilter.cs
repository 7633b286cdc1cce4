using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>What a Restore's spec selects from a backup: namespaces (globs), resources, cluster scope and labels.</summary>
internal sealed class RestoreFilter
{
    /// <summary>Velero's nonRestorableResources: always excluded, and an error when included.</summary>
    public static readonly string[] NonRestorable =
    [
        "nodes", "events", "events.events.k8s.io", "backups.velero.io", "restores.velero.io", "resticrepositories.velero.io",
        "csinodes.storage.k8s.io", "volumeattachments.storage.k8s.io", "backuprepositories.velero.io",
    ];

    private readonly IReadOnlyList<string> _includedNamespaces, _excludedNamespaces, _includedResources, _excludedResources;

    public RestoreFilter(JsonObject spec)
    {
        _includedNamespaces = Strings(spec["includedNamespaces"]);
        _excludedNamespaces = Strings(spec["excludedNamespaces"]);
        _includedResources = Strings(spec["includedResources"]);
        _excludedResources = [.. Strings(spec["excludedResources"]).Union(NonRestorable)];
        IncludeClusterResources = (bool?)spec["includeClusterResources"];
    }

    public bool? IncludeClusterResources { get; }

    /// <summary>IncludesExcludes.IncludeEverything: no excludes and no includes other than <c>*</c>.</summary>
    public bool AllNamespaces => _excludedNamespaces.Count == 0 && (_includedNamespaces.Count == 0 || _includedNamespaces is ["*"]);

    public bool IncludesNamespace(string ns) =>
        (_includedNamespaces.Count == 0 || _includedNamespaces.Any(p => BackupFilter.Glob(p, ns))) && !_excludedNamespaces.Any(p => BackupFilter.Glob(p, ns));

    /// <summary>Names in the spec resolve through discovery; a resource the cluster does not serve matches only by its group-resource.</summary>
    public bool IncludesResource(string groupResource, ApiResource? resource)
    {
        bool Named(string n) => n == groupResource || resource?.IsNamed(n) == true;
        if (_excludedResources.Any(Named))
            return false;
        return _includedResources.Count == 0 || _includedResources.Any(r => r == "*" || Named(r));
    }

    /// <summary>determineRestoreStatus: the item's velero.io/restore-status annotation, else spec.restoreStatus (absent: never).</summary>
    public static bool RestoresStatus(JsonObject spec, JsonObject item, string groupResource, ApiResource? resource)
    {
        var annotation = ((string?)item["metadata"]?["annotations"]?["velero.io/restore-status"])?.Trim().ToLowerInvariant();
        if (annotation is "true" or "false")
            return annotation == "true";
        if (spec["restoreStatus"] is not JsonObject restoreStatus)
            return false;
        bool Named(string n) => n == "*" || n == groupResource || resource?.IsNamed(n) == true;
        var included = Strings(restoreStatus["includedResources"]);
        return !Strings(restoreStatus["excludedResources"]).Any(Named) && (included.Count == 0 || included.Any(Named));
    }

    /// <summary>Velero's validateAndComplete checks of the lists, in its order and words.</summary>
    public static List<string> Validate(JsonObject spec)
    {
        var errors = new List<string>();
        var included = Strings(spec["includedResources"]);
        errors.AddRange(NonRestorable.Where(included.Contains).Select(r => $"{r} are non-restorable resources"));
        var excluded = Strings(spec["excludedResources"]).Union(NonRestorable).ToList();
        errors.AddRange(IncludesExcludesErrors(included, excluded).Select(e => $"Invalid included/excluded resource lists: {e}"));
        errors.AddRange(IncludesExcludesErrors(Strings(spec["includedNamespaces"]), Strings(spec["excludedNamespaces"]))
            .Select(e => $"Invalid included/excluded namespace lists: {e}"));
        if (spec["labelSelector"] is JsonObject && spec["orLabelSelectors"] is JsonArray)
            errors.Add("encountered labelSelector as well as orLabelSelectors in restore spec, only one can be specified");
        return errors;
    }

    /// <summary>collections.ValidateIncludesExcludes.</summary>
    private static IEnumerable<string> IncludesExcludesErrors(IReadOnlyList<string> includes, IReadOnlyList<string> excludes)
    {
        if (includes.Count > 1 && includes.Contains("*"))
            yield return "includes list must either contain '*' only, or a non-empty list of items";
        if (excludes.Contains("*"))
            yield return "excludes list cannot contain '*'";
        foreach (var item in excludes.Where(includes.Contains))
            yield return $"excludes list cannot contain an item in the includes list: {item}";
    }

    public static List<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => (string?)n ?? "").Where(s => s.Length > 0).ToList();
}
