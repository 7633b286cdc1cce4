using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Restores;

/// <summary>The checks behind <see cref="RestoreRequest.Validate"/>; field names are those of Velero's RestoreSpec.</summary>
internal static class RestoreRules
{
    public static void Validate(RestoreRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.BackupName) == string.IsNullOrWhiteSpace(r.ScheduleName))
        {
            throw new ValidationException("backupName", "backupName: name either a backup or a schedule (whose latest good backup is restored), not both.");
        }
        if (r.BackupName is { Length: > 0 } backup)
            BackupTemplateRules.CheckName("backupName", backup, 253);
        if (r.ScheduleName is { Length: > 0 } schedule)
            BackupTemplateRules.CheckName("scheduleName", schedule, 253);
        if (r.SourceCluster is { Length: > 0 } source && source.Length > 200)
            throw new ValidationException("sourceCluster", "sourceCluster: at most 200 characters.");
        CheckItems(r);
        // The filters follow the same rules as a backup's; reuse them through an equivalent template.
        new BackupTemplate
        {
            Namespaces = r.IncludedNamespaces.Count == 0 ? NamespaceScope.All : NamespaceScope.Selected,
            IncludedNamespaces = r.IncludedNamespaces,
            ExcludedNamespaces = r.ExcludedNamespaces,
            IncludedResources = r.IncludedResources,
            ExcludedResources = r.ExcludedResources,
            LabelSelector = r.LabelSelector,
            OrLabelSelectors = r.OrLabelSelectors,
        }.Validate();
        CheckMapping(r);
    }

    /// <summary>The most objects one restore may pick by hand; more than that is what filters are for.</summary>
    public const int MaxItems = 10_000;

    private static void CheckItems(RestoreRequest r)
    {
        if (r.Items.Count == 0)
            return;
        if (r.IncludedNamespaces.Count > 0 || r.ExcludedNamespaces.Count > 0 || r.IncludedResources.Count > 0 || r.ExcludedResources.Count > 0
            || r.IncludeClusterResources is not null || !string.IsNullOrWhiteSpace(r.LabelSelector) || r.OrLabelSelectors.Count > 0)
        {
            throw new ValidationException("items", "items: picked objects are restored exactly as picked; leave the namespace, resource and label filters empty.");
        }
        if (string.IsNullOrWhiteSpace(r.BackupName))
            throw new ValidationException("items", "items: objects are picked from one backup; name the backup (backupName), not a schedule.");
        if (r.Items.Count > MaxItems)
            throw new ValidationException("items", $"items: {r.Items.Count} objects picked; at most {MaxItems} (use namespace, kind or label filters for more).");
        for (var i = 0; i < r.Items.Count; i++)
        {
            var item = r.Items[i];
            if (item is null || string.IsNullOrWhiteSpace(item.Resource) || string.IsNullOrWhiteSpace(item.Name))
                throw new ValidationException("items", $"items[{i}]: needs a resource and a name.");
            if (item.Namespace is { Length: > 0 } ns && !LabelRules.IsDns1123Label(ns))
                throw new ValidationException("items", $"items[{i}]: '{ns}' is not a namespace name.");
            BackupTemplateRules.CheckName($"items[{i}].name", item.Name, 253);
        }
        if (r.Items.Distinct().Count() != r.Items.Count)
            throw new ValidationException("items", "items: an object is picked twice.");
    }

    private static void CheckMapping(RestoreRequest r)
    {
        var targets = new Dictionary<string, string>();
        foreach (var (source, target) in r.NamespaceMapping)
        {
            var field = $"namespaceMapping[{source}]";
            if (!LabelRules.IsDns1123Label(source))
                throw new ValidationException("namespaceMapping", $"{field}: '{source}' is not a namespace name.");
            if (!LabelRules.IsDns1123Label(target))
            {
                throw new ValidationException("namespaceMapping",
                    $"{field}: '{target}' is not a valid namespace name (lower case alphanumerics and '-', at most 63 characters, starting and ending with an alphanumeric).");
            }
            if (source == target)
                throw new ValidationException("namespaceMapping", $"{field}: maps '{source}' onto itself; leave it out to restore in place.");
            if (targets.TryGetValue(target, out var other))
                throw new ValidationException("namespaceMapping", $"namespaceMapping: '{other}' and '{source}' both map to '{target}'; their objects would collide.");
            targets[target] = source;
            if (r.Items.Count > 0 && !r.Items.Any(i => i.Namespace == source))
                throw new ValidationException("namespaceMapping", $"{field}: no picked object is in '{source}'.");
            if (r.IncludedNamespaces.Count > 0 && !r.IncludedNamespaces.Contains(source) && !r.IncludedNamespaces.Contains("*"))
                throw new ValidationException("namespaceMapping", $"{field}: '{source}' is not among the namespaces being restored.");
        }
        // a→b with b→… restores a's objects into b while b's own objects move away: a cycle or chain nobody means.
        foreach (var (source, target) in r.NamespaceMapping)
        {
            if (r.NamespaceMapping.ContainsKey(target))
            {
                throw new ValidationException("namespaceMapping",
                    $"namespaceMapping: '{source}' maps to '{target}', which is itself mapped to '{r.NamespaceMapping[target]}'; mappings must not chain or form a cycle.");
            }
        }
    }
}
