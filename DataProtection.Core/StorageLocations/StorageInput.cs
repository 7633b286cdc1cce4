using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using DataProtection.Core.Common;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.StorageLocations;

/// <summary>Local checks of storage input, before anything is contacted or saved. Each failure names its field.</summary>
public static partial class StorageInput
{
    public const string DefaultRegion = "us-east-1";

    public static string Name(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (!LabelRules.IsDns1123Label(trimmed))
        {
            throw new ValidationException("name", "The name must be a DNS-1123 label: at most 63 lower case letters, digits or '-', starting and ending with a letter or digit.");
        }
        if (trimmed.StartsWith("managed-", StringComparison.Ordinal))
        {
            throw new ValidationException("name", "Names starting with 'managed-' are reserved for managed storage.");
        }
        return trimmed;
    }

    public static Uri Endpoint(string? endpoint)
    {
        var trimmed = endpoint?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new ValidationException("endpoint", "The endpoint URL is required, e.g. https://s3.eu-central-1.amazonaws.com.");
        }
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new ValidationException("endpoint", $"'{trimmed}' is not a valid endpoint URL: use http:// or https:// followed by a host name.");
        }
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ValidationException("endpoint", "The endpoint URL must not carry a query, fragment or user name.");
        }
        return uri;
    }

    public static string Region(string? region)
    {
        var trimmed = region?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return DefaultRegion;
        }
        return RegionPattern().IsMatch(trimmed) ? trimmed : throw new ValidationException("region", "The region must be lower case letters, digits and '-', e.g. eu-central-1.");
    }

    /// <summary>S3's bucket naming rules (general purpose buckets).</summary>
    public static string Bucket(string? bucket)
    {
        var b = bucket?.Trim() ?? "";
        string? problem = b.Length switch
        {
            0 => "The bucket name is required.",
            < 3 or > 63 => "A bucket name must be 3 to 63 characters long.",
            _ when !BucketPattern().IsMatch(b) => "A bucket name may only contain lower case letters, digits, '.' and '-', and must start and end with a letter or digit.",
            _ when b.Contains("..") || b.Contains(".-") || b.Contains("-.") => "A bucket name must not contain '..', '.-' or '-.'.",
            _ when IPAddress.TryParse(b, out _) => "A bucket name must not look like an IP address.",
            _ when b.StartsWith("xn--", StringComparison.Ordinal) || b.StartsWith("sthree-", StringComparison.Ordinal) => "A bucket name must not start with 'xn--' or 'sthree-'.",
            _ when b.EndsWith("-s3alias", StringComparison.Ordinal) || b.EndsWith("--ol-s3", StringComparison.Ordinal) => "A bucket name must not end with '-s3alias' or '--ol-s3'.",
            _ => null,
        };
        return problem is null ? b : throw new ValidationException("bucket", problem);
    }

    /// <summary>Trims slashes as Velero does, and allows only S3's safe characters so every tool reads the keys the same way.</summary>
    public static string Prefix(string? prefix)
    {
        var p = (prefix ?? "").Trim().Trim('/');
        if (p.Length == 0)
        {
            return "";
        }
        if (p.Length > 512)
        {
            throw new ValidationException("prefix", "The prefix must be at most 512 characters.");
        }
        if (!PrefixPattern().IsMatch(p))
        {
            throw new ValidationException("prefix", "The prefix may only contain letters, digits and ! - _ . * ' ( ) /; spaces, '\\', '?', '#', '%' and other characters are unsafe in object keys.");
        }
        if (p.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ValidationException("prefix", "The prefix must not contain empty, '.' or '..' segments (no '//').");
        }
        return p;
    }

    public static string Key(string? value, string field, string label) =>
        string.IsNullOrWhiteSpace(value) ? throw new ValidationException(field, $"The {label} is required.") : value.Trim();

    public static string? CaBundle(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new ValidationException("caBundle", $"The CA bundle is not valid PEM: {ex.Message}");
        }
        return certificates.Count > 0 ? pem.Trim() : throw new ValidationException("caBundle", "The CA bundle holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }

    public static string Description(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        return trimmed.Length <= 500 ? trimmed : throw new ValidationException("description", "The description must be at most 500 characters.");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex(@"^[A-Za-z0-9!\-_.*'()/]+$")]
    private static partial Regex PrefixPattern();
}
