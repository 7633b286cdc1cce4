using System.Text.RegularExpressions;
using DataProtection.Core.Common;

namespace DataProtection.Core.Protection;

/// <summary>The Velero versions the dashboard installs, each with the AWS plugin line it is released with.</summary>
public static partial class VeleroVersions
{
    public const string Default = "v1.18.1";

    // Velero 1.N pairs with velero-plugin-for-aws 1.(N-4) (the plugin's compatibility table).
    private static readonly Dictionary<string, string> Plugins = new()
    {
        ["v1.18.1"] = "v1.14.4",
        ["v1.18.0"] = "v1.14.0",
        ["v1.17.1"] = "v1.13.1",
        ["v1.16.2"] = "v1.12.2",
    };

    public static IReadOnlyList<string> Supported { get; } = [.. Plugins.Keys];

    public static string PluginFor(string version) => Plugins[version];

    public static string Validate(string? version)
    {
        var chosen = string.IsNullOrWhiteSpace(version) ? Default : version.Trim();
        return Plugins.ContainsKey(chosen)
            ? chosen
            : throw new ValidationException("version", $"Velero {chosen} is not offered; choose one of {string.Join(", ", Supported)}.");
    }

    /// <summary>A registry host with an optional path (<c>registry.local:5000/mirror</c>); null or blank means Docker Hub.</summary>
    public static string? ValidateRegistry(string? registry)
    {
        if (string.IsNullOrWhiteSpace(registry))
        {
            return null;
        }
        var trimmed = registry.Trim().TrimEnd('/');
        return RegistryPattern().IsMatch(trimmed) && trimmed.Length <= 253
            ? trimmed
            : throw new ValidationException("imageRegistry", $"'{trimmed}' is not an image registry: use a host with an optional port and path, such as registry.example.com:5000/mirror, without a scheme or tag.");
    }

    public static string Image(string? registry, string repository, string tag) =>
        $"{(registry is null ? "" : registry + "/")}{repository}:{tag}";

    /// <summary>The tag of an image reference, ignoring a registry port (<c>host:5000/velero/velero:v1.18.0</c> → <c>v1.18.0</c>).</summary>
    public static string? TagOf(string? image)
    {
        if (image is null)
        {
            return null;
        }
        var name = image.Split('@')[0];
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        return colon > slash ? name[(colon + 1)..] : null;
    }

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*$")]
    private static partial Regex RegistryPattern();
}
