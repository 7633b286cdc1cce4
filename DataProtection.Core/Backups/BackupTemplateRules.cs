using System.Text.RegularExpressions;
using DataProtection.Core.Common;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Backups;

/// <summary>The checks behind <see cref="BackupTemplate.Validate"/>; field names are those of Velero's BackupSpec.</summary>
internal static partial class BackupTemplateRules
{
    public static readonly TimeSpan MinTtl = TimeSpan.FromMinutes(1);

    /// <summary>Velero keeps a TTL as a Go duration (int64 nanoseconds, about 292 years); a century is plenty.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromDays(36525);

    public static void Validate(BackupTemplate t)
    {
        CheckNamespaces("includedNamespaces", t.IncludedNamespaces);
        CheckNamespaces("excludedNamespaces", t.ExcludedNamespaces);
        if (t.Namespaces == NamespaceScope.Selected && t.IncludedNamespaces.Count == 0)
        {
            throw new ValidationException("includedNamespaces", "includedNamespaces: choose at least one namespace, or back up all namespaces.");
        }
        if (t.IncludedNamespaces.Intersect(t.ExcludedNamespaces).FirstOrDefault() is { } both)
        {
            throw new ValidationException("excludedNamespaces", $"excludedNamespaces: '{both}' is both included and excluded.");
        }
        if (t.Namespaces == NamespaceScope.All && t.ExcludedNamespaces.Contains("*"))
        {
            throw new ValidationException("excludedNamespaces", "excludedNamespaces: '*' excludes every namespace, so the backup would be empty.");
        }
        if (!string.IsNullOrWhiteSpace(t.LabelSelector) && t.OrLabelSelectors.Any(s => !string.IsNullOrWhiteSpace(s)))
        {
            throw new ValidationException("orLabelSelectors", "orLabelSelectors: Velero takes either one labelSelector or orLabelSelectors, not both.");
        }
        CheckSelector("labelSelector", t.LabelSelector);
        for (var i = 0; i < t.OrLabelSelectors.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(t.OrLabelSelectors[i]))
            {
                throw new ValidationException("orLabelSelectors", $"orLabelSelectors[{i}]: is empty; an empty selector would match everything.");
            }
            CheckSelector($"orLabelSelectors[{i}]", t.OrLabelSelectors[i], "orLabelSelectors");
        }
        CheckResources("includedResources", t.IncludedResources);
        CheckResources("excludedResources", t.ExcludedResources);
        if (t.IncludedResources.Intersect(t.ExcludedResources).FirstOrDefault() is { } resource)
        {
            throw new ValidationException("excludedResources", $"excludedResources: '{resource}' is both included and excluded.");
        }
        if (t.ExcludedResources.Contains("*"))
        {
            throw new ValidationException("excludedResources", "excludedResources: '*' excludes every kind, so the backup would be empty.");
        }
        if (t.StorageLocation is { } location && (location.Length > 253 || !Dns1123Subdomain().IsMatch(location)))
        {
            throw new ValidationException("storageLocation", $"storageLocation: '{location}' is not a valid location name (lower case alphanumerics, '-' or '.').");
        }
        if (t.Ttl < MinTtl || t.Ttl > MaxTtl)
        {
            throw new ValidationException("ttl", "ttl: must be between 1 minute and 100 years.");
        }
    }

    /// <summary>Checks a backup or schedule name: a DNS-1123 subdomain short enough for Velero's name labels (63 characters).</summary>
    public static void CheckName(string field, string? name, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ValidationException(field, $"{field}: is required.");
        }
        if (name.Length > maxLength)
        {
            throw new ValidationException(field, $"{field}: '{name}' is longer than {maxLength} characters.");
        }
        if (!Dns1123Subdomain().IsMatch(name))
        {
            throw new ValidationException(field,
                $"{field}: '{name}' must consist of lower case alphanumerics, '-' or '.', and start and end with an alphanumeric.");
        }
    }

    private static void CheckNamespaces(string field, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            // Velero accepts globs ('*', '?', '[...]') in namespace filters; everything else must be a namespace name.
            if (name != "*" && !NamespacePattern().IsMatch(name))
            {
                throw new ValidationException(field, $"{field}: '{name}' is not a namespace name or pattern (lower case alphanumerics, '-', '*' or '?').");
            }
        }
    }

    private static void CheckResources(string field, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (name != "*" && !ResourcePattern().IsMatch(name))
            {
                throw new ValidationException(field, $"{field}: '{name}' is not a resource name such as 'deployments' or 'deployments.apps'.");
            }
        }
    }

    private static void CheckSelector(string label, string? text, string? field = null)
    {
        if (!Kubernetes.LabelSelector.TryParse(text, out var selector, out var error))
        {
            throw new ValidationException(field ?? label, error!.Replace("labelSelector:", label + ":", StringComparison.Ordinal));
        }
        if (selector.Requirements.FirstOrDefault(r => r.Operator is SelectorOperator.GreaterThan or SelectorOperator.LessThan) is { } r)
        {
            throw new ValidationException(field ?? label, $"{label}: '{r}' uses '>' or '<', which a Backup's label selector cannot express.");
        }
    }

    public static string Describe(BackupTemplate t) => BackupObject.Scope(BackupSpecWriter.Spec(t));

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?$")]
    private static partial Regex NamespacePattern();

    [GeneratedRegex("^[a-z0-9*]([-a-z0-9.*]*[a-z0-9*])?$")]
    private static partial Regex ResourcePattern();
}
