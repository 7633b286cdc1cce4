using System.Text.RegularExpressions;

namespace DataProtection.Core.Kubernetes;

/// <summary>Kubernetes' own name rules (apimachinery validation.go): label keys, label values and DNS-1123 names.</summary>
public static partial class LabelRules
{
    /// <summary>Null when <paramref name="key"/> is a qualified name (optional DNS-1123 subdomain prefix and '/', then a name).</summary>
    public static string? CheckKey(string key)
    {
        var parts = key.Split('/');
        if (parts.Length > 2)
        {
            return $"label key '{key}' must be a name with an optional prefix and one '/'";
        }
        var name = parts[^1];
        if (parts.Length == 2)
        {
            var prefix = parts[0];
            if (prefix.Length == 0)
            {
                return $"label key '{key}' has an empty prefix";
            }
            if (prefix.Length > 253 || !Dns1123Subdomain().IsMatch(prefix))
            {
                return $"the prefix of label key '{key}' must be a DNS-1123 subdomain (lower case alphanumerics, '-' or '.', at most 253 characters)";
            }
        }
        if (name.Length == 0)
        {
            return $"label key '{key}' has an empty name";
        }
        if (name.Length > 63 || !QualifiedNamePart().IsMatch(name))
        {
            return $"label key '{key}' must be at most 63 characters of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
        }
        return null;
    }

    /// <summary>Null when <paramref name="value"/> is a valid label value; the empty value is valid.</summary>
    public static string? CheckValue(string value) =>
        value.Length <= 63 && LabelValue().IsMatch(value)
            ? null
            : $"label value '{value}' must be at most 63 characters of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";

    public static bool IsDns1123Label(string? name) => name is { Length: > 0 and <= 63 } && Dns1123Label().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
