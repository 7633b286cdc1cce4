using System.Text;
using DataProtection.Core.StorageLocations;

namespace DataProtection.Tests.Core.StorageLocations;

public sealed class BackupStorageLocationManifestTests
{
    private static readonly S3Connection Connection = new(new Uri("https://s3.example.com/"), "eu-west-1", "backups", "clusters/prod", true,
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", true, "AKID", "SECRET", StorageEncryption.SseKms, "arn:aws:kms:eu-west-1:1:key/k");

    [Fact]
    public void Location_AllSettings_VeleroAwsPluginShape()
    {
        var bsl = BackupStorageLocationManifest.Location("prod", Connection, StorageAccessMode.ReadOnly, isDefault: true);

        var spec = bsl["spec"]!;
        ((string?)spec["provider"]).ShouldBe("aws");
        ((string?)spec["accessMode"]).ShouldBe("ReadOnly");
        ((bool?)spec["default"]).ShouldBe(true);
        ((string?)spec["objectStorage"]!["bucket"]).ShouldBe("backups");
        ((string?)spec["objectStorage"]!["prefix"]).ShouldBe("clusters/prod");
        Encoding.UTF8.GetString(Convert.FromBase64String((string)spec["objectStorage"]!["caCert"]!)).ShouldBe(Connection.CaBundle);
        ((string?)spec["config"]!["s3Url"]).ShouldBe("https://s3.example.com");
        ((string?)spec["config"]!["s3ForcePathStyle"]).ShouldBe("true");
        ((string?)spec["config"]!["insecureSkipTLSVerify"]).ShouldBe("true");
        ((string?)spec["config"]!["kmsKeyId"]).ShouldBe(Connection.KmsKeyId);
        spec["config"]!["serverSideEncryption"].ShouldBeNull();
        ((string?)spec["credential"]!["name"]).ShouldBe("dp-prod-credentials");
        ((string?)spec["credential"]!["key"]).ShouldBe("cloud");
    }

    [Fact]
    public void Location_SseS3_ServerSideEncryptionAes256() =>
        ((string?)BackupStorageLocationManifest.Location("a", Connection with { Encryption = StorageEncryption.SseS3 }, StorageAccessMode.ReadWrite, false)
            ["spec"]!["config"]!["serverSideEncryption"]).ShouldBe("AES256");

    [Fact]
    public void Secret_Keys_AwsCredentialsFileUnderCloud()
    {
        var secret = BackupStorageLocationManifest.Secret("prod", Connection);

        secret.Metadata.Name.ShouldBe("dp-prod-credentials");
        Encoding.UTF8.GetString(secret.Data["cloud"]).ShouldBe("[default]\naws_access_key_id=AKID\naws_secret_access_key=SECRET\n");
    }
}
