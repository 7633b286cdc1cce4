using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DataProtection.Core.StorageLocations;

namespace DataProtection.Core.Restores;

/// <summary>How the target came to read the source's bucket and prefix.</summary>
public enum SharedLocationAction
{
    /// <summary>The target already had a BackupStorageLocation on that bucket and prefix.</summary>
    Reused,

    /// <summary>The dashboard's storage location on that bucket and prefix was assigned to the target, ReadOnly.</summary>
    Assigned,

    /// <summary>The source's BackupStorageLocation and its credentials were copied to the target, ReadOnly.</summary>
    Copied,
}

/// <summary>
/// The target's BackupStorageLocation on the bucket and prefix of the source backup's location, and the backup restored
/// through it; or the <see cref="Error"/> that stopped its preparation (rethrown inside the restore's audit scope).
/// </summary>
internal sealed record SharedLocation(string Location, string BackupName, SharedLocationAction Action, BucketRoot Root, Exception? Error = null)
{
    public static SharedLocation Failed(Exception error) => new("", "", SharedLocationAction.Reused, new BucketRoot("", null, "", ""), error);
}

/// <summary>What makes two BackupStorageLocations read the same backups: provider, S3 endpoint, bucket and prefix.</summary>
internal sealed record BucketRoot(string Provider, string? Endpoint, string Bucket, string Prefix)
{
    public static BucketRoot Of(JsonObject location)
    {
        var spec = location["spec"];
        var endpoint = ((string?)spec?["config"]?["s3Url"])?.Trim().TrimEnd('/').ToLowerInvariant();
        return new BucketRoot(((string?)spec?["provider"] ?? "").Trim().ToLowerInvariant(), string.IsNullOrEmpty(endpoint) ? null : endpoint,
            ((string?)spec?["objectStorage"]?["bucket"] ?? "").Trim('/'), ((string?)spec?["objectStorage"]?["prefix"] ?? "").Trim('/'));
    }

    public Uri? EndpointUri => Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) ? uri : null;

    public override string ToString() => $"bucket {Bucket}" + (Prefix.Length > 0 ? $" prefix {Prefix}" : "") + (Endpoint is null ? "" : $" at {Endpoint}");
}

/// <summary>The ReadOnly copy of a source cluster's BackupStorageLocation, and of its credentials Secret, for a target cluster.</summary>
internal static class LocationCopy
{
    public const string CopiedFromAnnotation = "dataprotection.io/copied-from";
    public const string DefaultCredentialsSecret = Protection.VeleroManifest.CredentialsSecret;
    public const string DefaultCredentialsKey = BackupStorageLocationManifest.CredentialsKey;

    /// <summary><c>&lt;source cluster&gt;-&lt;location&gt;</c>, shortened with a hash to fit the 63 characters of Velero's location label.</summary>
    public static string Name(string sourceCluster, string location)
    {
        var name = $"{sourceCluster}-{location}".ToLowerInvariant();
        if (name.Length <= 63)
        {
            return name;
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8].ToLowerInvariant();
        return name[..54].TrimEnd('-', '.') + "-" + hash;
    }

    public static (string Name, string Key) Credential(JsonObject source) =>
        ((string?)source["spec"]?["credential"]?["name"] ?? DefaultCredentialsSecret, (string?)source["spec"]?["credential"]?["key"] ?? DefaultCredentialsKey);

    public static JsonObject Secret(string copy, string ns, string key, string data, string copiedFrom) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["type"] = "Opaque",
        ["metadata"] = Metadata(BackupStorageLocationManifest.SecretName(copy), ns, copiedFrom),
        ["data"] = new JsonObject { [key] = data },
    };

    /// <summary>The source's spec (config, CA, provider settings kept) made ReadOnly, never default, with the copied credentials.</summary>
    public static JsonObject Location(JsonObject source, string copy, string ns, string key, string copiedFrom)
    {
        var spec = source["spec"]!.DeepClone().AsObject();
        spec["accessMode"] = nameof(StorageAccessMode.ReadOnly);
        spec["default"] = false;
        spec["credential"] = new JsonObject { ["name"] = BackupStorageLocationManifest.SecretName(copy), ["key"] = key };
        return new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "BackupStorageLocation",
            ["metadata"] = Metadata(copy, ns, copiedFrom),
            ["spec"] = spec,
        };
    }

    private static JsonObject Metadata(string name, string ns, string copiedFrom) => new()
    {
        ["name"] = name,
        ["namespace"] = ns,
        ["labels"] = new JsonObject { [BackupStorageLocationManifest.ManagedByLabel] = BackupStorageLocationManifest.ManagedBy },
        ["annotations"] = new JsonObject { [CopiedFromAnnotation] = copiedFrom },
    };
}
