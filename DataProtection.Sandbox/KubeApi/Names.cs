using System.Text.RegularExpressions;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>Name and label grammar from k8s.io/apimachinery's validation package.</summary>
internal static partial class Names
{
    private const string Dns1123LabelPattern = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainPattern = Dns1123LabelPattern + "(\\." + Dns1123LabelPattern + ")*";
    private const string QualifiedNamePattern = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

    public static string? Dns1123Subdomain(string value) =>
        value.Length > 253 ? "must be no more than 253 characters"
        : Subdomain().IsMatch(value) ? null
        : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end " +
          $"with an alphanumeric character (e.g. 'example.com', regex used for validation is '{Dns1123SubdomainPattern}')";

    public static string? Dns1123Label(string value) =>
        value.Length > 63 ? "must be no more than 63 characters"
        : Label().IsMatch(value) ? null
        : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an " +
          $"alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '{Dns1123LabelPattern}')";

    public static string? QualifiedName(string value)
    {
        var parts = value.Split('/');
        var name = parts[^1];
        if (parts.Length > 2)
            return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
                   $"character with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName', regex used for validation is '{QualifiedNamePattern}')";
        if (parts.Length == 2 && (parts[0].Length == 0 ? "prefix part must be non-empty" : Dns1123Subdomain(parts[0])) is { } prefixError)
            return "prefix part " + prefixError;
        if (name.Length == 0)
            return "name part must be non-empty";
        if (name.Length > 63)
            return "name part must be no more than 63 characters";
        return Qualified().IsMatch(name) ? null
            : "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
              $"(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '{QualifiedNamePattern}')";
    }

    public static string? LabelValue(string value) =>
        value.Length > 63 ? "must be no more than 63 characters"
        : value.Length == 0 || Qualified().IsMatch(value) ? null
        : "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with " +
          $"an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '({QualifiedNamePattern})?')";

    [GeneratedRegex("^" + Dns1123SubdomainPattern + "$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^" + Dns1123LabelPattern + "$")]
    private static partial Regex Label();

    [GeneratedRegex("^" + QualifiedNamePattern + "$")]
    private static partial Regex Qualified();
}
