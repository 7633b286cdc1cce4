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
