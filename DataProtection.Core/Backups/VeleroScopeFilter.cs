using System.Text;
using System.Text.RegularExpressions;
using DataProtection.Core.Inventory;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Backups;

/// <summary>
/// Velero's include/exclude rules for namespaced objects, applied to inventory metadata: namespaces by glob (<c>*</c>, <c>?</c>,
/// <c>[...]</c>), resources by plural, <c>plural.group</c> or kind, labels by the one selector or any of the OR selectors.
/// </summary>
public sealed class VeleroScopeFilter
{
    private readonly Regex[] _includedNamespaces;
    private readonly Regex[] _excludedNamespaces;
    private readonly IReadOnlyList<string> _includedResources;
    private readonly IReadOnlyList<string> _excludedResources;
    private readonly IReadOnlyList<LabelSelector> _selectors;

    public VeleroScopeFilter(BackupTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        _includedNamespaces = template.Namespaces == NamespaceScope.All ? [Glob("*")] : [.. template.IncludedNamespaces.Select(Glob)];
        _excludedNamespaces = [.. template.ExcludedNamespaces.Select(Glob)];
        _includedResources = template.IncludedResources;
        _excludedResources = template.ExcludedResources;
        _selectors = template.LabelSelectors;
    }

    /// <summary>Plain namespace names when the template only lists names (no patterns), so each can be listed on its own.</summary>
    public static IReadOnlyList<string>? PlainNamespaces(BackupTemplate template) =>
        template.Namespaces == NamespaceScope.Selected && template.IncludedNamespaces.All(n => n.IndexOfAny(['*', '?', '[']) < 0)
            ? template.IncludedNamespaces.Distinct(StringComparer.Ordinal).ToList()
            : null;

    public bool Matches(InventoryObject o) =>
        o.Namespace is { } ns && NamespaceTaken(ns) && ResourceTaken(o) && (_selectors.Count == 0 || _selectors.Any(s => s.Matches(o.Labels)));

    /// <summary>The resource and label rules alone: what decides for cluster-scoped objects once Velero includes them.</summary>
    public bool KindAndLabelsTaken(InventoryObject o) => ResourceTaken(o) && (_selectors.Count == 0 || _selectors.Any(s => s.Matches(o.Labels)));

    public bool NamespaceTaken(string ns) =>
        _includedNamespaces.Any(g => g.IsMatch(ns)) && !_excludedNamespaces.Any(g => g.IsMatch(ns));

    private bool ResourceTaken(InventoryObject o) =>
        (_includedResources.Count == 0 || _includedResources.Any(r => Names(r, o))) && !_excludedResources.Any(r => Names(r, o));

    private static bool Names(string filter, InventoryObject o)
    {
        if (filter == "*")
        {
            return true;
        }
        var slash = o.Resource.IndexOf('/', StringComparison.Ordinal);
        var plural = slash < 0 ? o.Resource : o.Resource[(slash + 1)..];
        var group = slash < 0 ? "" : o.Resource[..slash];
        return string.Equals(filter, plural, StringComparison.OrdinalIgnoreCase)
            || string.Equals(filter, $"{plural}.{group}", StringComparison.OrdinalIgnoreCase)
            || string.Equals(filter, o.Kind, StringComparison.OrdinalIgnoreCase)
            || (group.Length > 0 && string.Equals(filter, $"{o.Kind}.{group}", StringComparison.OrdinalIgnoreCase));
    }

    private static Regex Glob(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var close = c == '[' ? pattern.IndexOf(']', i + 1) : -1;
            if (close > i + 1)
            {
                var set = pattern[(i + 1)..close];
                regex.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set).Replace("\\-", "-", StringComparison.Ordinal)).Append(']');
                i = close;
                continue;
            }
            regex.Append(c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) });
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
