using System.Text;
using System.Text.Json.Nodes;
using DataProtection.Sandbox.ObjectStore;

namespace DataProtection.Sandbox.Velero;

/// <summary>A BackupStorageLocation resolved to a bucket, a root and a signed client, as Velero's persistence layer builds it.</summary>
internal sealed record BackupStore(string Bucket, string Root, S3Client Client)
{
    public static readonly IReadOnlySet<string> ValidTopLevelDirectories = new HashSet<string> { "backups", "restores", "restic", "metadata", "plugins", "kopia" };

    /// <summary>Resolves the location, or throws <see cref="InvalidOperationException"/> with the reason it cannot be used.</summary>
    public static async Task<BackupStore> ResolveAsync(JsonObject location, string veleroNamespace, KubeClient kube, HttpClient http,
        TimeProvider time, CancellationToken ct)
    {
        var spec = location["spec"]?.AsObject() ?? throw new InvalidOperationException("spec is missing");
        var bucket = ((string?)spec["objectStorage"]?["bucket"] ?? "").Trim('/');
        var prefix = ((string?)spec["objectStorage"]?["prefix"] ?? "").Trim('/');
        if (bucket.Length == 0 || bucket.Contains('/'))
            throw new InvalidOperationException($"invalid bucket name {bucket}");
        var config = spec["config"] as JsonObject;
        var s3Url = (string?)config?["s3Url"] ?? throw new InvalidOperationException("config.s3Url is required in the sandbox");
        var region = (string?)config?["region"] ?? "us-east-1";
        var secretName = (string?)spec["credential"]?["name"] ?? "cloud-credentials";
        var secretKey = (string?)spec["credential"]?["key"] ?? "cloud";
        var secret = await kube.GetAsync($"api/v1/namespaces/{veleroNamespace}/secrets/{secretName}", ct)
            ?? throw new InvalidOperationException($"secret {veleroNamespace}/{secretName} not found");
        var data = (string?)secret["data"]?[secretKey]
            ?? throw new InvalidOperationException($"secret {veleroNamespace}/{secretName} has no key {secretKey}");
        var profile = (string?)config?["profile"] ?? "default";
        var keys = AwsCredentials.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(data)), profile)
            ?? throw new InvalidOperationException($"no credentials for profile {profile} in secret {veleroNamespace}/{secretName}");
        var client = new S3Client(http, new Uri(s3Url), new S3Credentials(keys.AccessKey, keys.SecretKey, region), time);
        return new BackupStore(bucket, prefix.Length == 0 ? "" : prefix + "/", client);
    }

    /// <summary>Velero's IsValid: the bucket lists and holds no top-level directory of its own.</summary>
    public async Task ValidateAsync(CancellationToken ct)
    {
        var invalid = (await Client.ListCommonPrefixesAsync(Bucket, Root, ct))
            .Select(p => p[Root.Length..].TrimEnd('/'))
            .Where(d => !ValidTopLevelDirectories.Contains(d))
            .ToList();
        if (invalid.Count > 0)
            throw new InvalidOperationException($"Backup store contains invalid top-level directories: [{string.Join(' ', invalid)}]");
    }
}
