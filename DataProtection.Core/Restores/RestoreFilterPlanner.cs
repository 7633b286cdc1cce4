using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Restores;

/// <summary>
/// A Velero restore filter (namespaces, resources, one label selector, cluster-scoped on/off) that selects a set of items
/// from a backup. <see cref="Matches"/> applies Velero's rules, so a plan can be checked against the backup's whole index.
/// </summary>
public sealed record RestoreFilter(IReadOnlyList<string> IncludedNamespaces, IReadOnlyList<string> IncludedResources, string? LabelSelector,
    bool IncludeClusterResources)
{
    public bool Matches(ContentsItem item, LabelSelector? selector)
    {
        if (IncludedResources.Count > 0 && !IncludedResources.Contains(item.Resource))
            return false;
        // No included namespaces is Velero's "*" (RestoreSpecWriter writes it so): every namespace.
        if (item.Namespace is null ? !IncludeClusterResources : IncludedNamespaces.Count > 0 && !IncludedNamespaces.Contains(item.Namespace))
            return false;
        return selector is null || selector.Matches(item.Labels);
    }
}

/// <summary>
/// Finds the smallest Velero filter that restores exactly a hand-picked set of items, or none. "Exactly" is checked against
/// every item in the backup: a filter that would also restore one unpicked object is not used, and the dashboard then
/// restores the picked objects one by one instead.
/// </summary>
public static class RestoreFilterPlanner
{
    public static RestoreFilter? Plan(IReadOnlyCollection<ContentsItem> picked, IReadOnlyCollection<ContentsItem> all)
    {
        if (picked.Count == 0)
            return null;
        var namespaces = picked.Select(i => i.Namespace).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var resources = picked.Select(i => i.Resource).Distinct().Order(StringComparer.Ordinal).ToList();
        var cluster = picked.Any(i => i.Namespace is null);
        var selector = CommonLabels(picked);
        // Fewest terms first: namespaces alone, then with resources, then with the labels all picked items share.
        RestoreFilter[] candidates =
        [
            new(namespaces, [], null, cluster),
            new(namespaces, resources, null, cluster),
            .. selector is null ? Array.Empty<RestoreFilter>() : [new(namespaces, [], selector, cluster), new(namespaces, resources, selector, cluster)],
        ];
        var wanted = picked.Select(Key).ToHashSet();
        return candidates.FirstOrDefault(c => Selects(c, all, wanted));
    }

    private static bool Selects(RestoreFilter filter, IReadOnlyCollection<ContentsItem> all, HashSet<(string, string?, string)> wanted)
    {
        var selector = filter.LabelSelector is null ? null : LabelSelector.Parse(filter.LabelSelector);
        var count = 0;
        foreach (var item in all)
        {
            if (!filter.Matches(item, selector))
                continue;
            if (!wanted.Contains(Key(item)))
                return false;
            count++;
        }
        return count == wanted.Count;
    }

    /// <summary>The label pairs every picked item carries, as a selector (<c>a=1,b=2</c>); null when they share none.</summary>
    private static string? CommonLabels(IReadOnlyCollection<ContentsItem> picked)
    {
        IEnumerable<KeyValuePair<string, string>> common = picked.First().Labels;
        foreach (var item in picked.Skip(1))
            common = common.Where(l => item.Labels.TryGetValue(l.Key, out var v) && v == l.Value).ToList();
        var pairs = common.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}").ToList();
        return pairs.Count == 0 ? null : string.Join(',', pairs);
    }

    private static (string, string?, string) Key(ContentsItem i) => (i.Resource, i.Namespace, i.Name);
}
