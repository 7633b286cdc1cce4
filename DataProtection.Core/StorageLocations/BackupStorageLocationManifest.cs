using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;

namespace DataProtection.Core.StorageLocations;

/// <summary>The Secret and BackupStorageLocation a location becomes in a cluster (shared/velero/FORMAT.md §6).</summary>
public static class BackupStorageLocationManifest
{
    public const string CredentialsKey = "cloud";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedBy = "dataprotection";
    public const string LocationLabel = "dataprotection.io/storage-location";

    public static string SecretName(string location) => $"dp-{location}-credentials";

    public static V1Secret Secret(string location, S3Connection connection) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = "Opaque",
        Metadata = new V1ObjectMeta { Name = SecretName(location), Labels = Labels(location) },
        Data = new Dictionary<string, byte[]>
        {
            // AWS shared-credentials format, as `velero install --secret-file` expects.
            [CredentialsKey] = Encoding.UTF8.GetBytes($"[default]\naws_access_key_id={connection.AccessKey}\naws_secret_access_key={connection.SecretKey}\n"),
        },
    };

    public static JsonObject Location(string location, S3Connection connection, StorageAccessMode accessMode, bool isDefault)
    {
        var objectStorage = new JsonObject { ["bucket"] = connection.Bucket };
        if (connection.Prefix.Length > 0)
        {
            objectStorage["prefix"] = connection.Prefix;
        }
        if (connection.CaBundle is not null)
        {
            objectStorage["caCert"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(connection.CaBundle));
        }
        var config = new JsonObject
        {
            ["region"] = connection.Region,
            ["s3Url"] = connection.Endpoint.ToString().TrimEnd('/'),
            ["s3ForcePathStyle"] = connection.ForcePathStyle ? "true" : "false",
        };
        if (connection.InsecureSkipTlsVerify)
        {
            config["insecureSkipTLSVerify"] = "true";
        }
        // The Velero AWS plugin: kmsKeyId alone means SSE-KMS; serverSideEncryption=AES256 means SSE-S3.
        if (connection.Encryption == StorageEncryption.SseKms)
        {
            config["kmsKeyId"] = connection.KmsKeyId;
        }
        else if (connection.Encryption == StorageEncryption.SseS3)
        {
            config["serverSideEncryption"] = "AES256";
        }
        return new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "BackupStorageLocation",
            ["metadata"] = new JsonObject { ["name"] = location, ["labels"] = new JsonObject(Labels(location).Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))) },
            ["spec"] = new JsonObject
            {
                ["provider"] = "aws",
                ["objectStorage"] = objectStorage,
                ["config"] = config,
                ["credential"] = new JsonObject { ["name"] = SecretName(location), ["key"] = CredentialsKey },
                ["accessMode"] = accessMode.ToString(),
                ["default"] = isDefault,
            },
        };
    }

    private static Dictionary<string, string> Labels(string location) => new() { [ManagedByLabel] = ManagedBy, [LocationLabel] = location };
}
