using System.Text.Json.Nodes;
using Amazon.S3.Model;
using DataProtection.Tests.Infrastructure;
using k8s;

namespace DataProtection.Tests.Sandbox.Velero;

[Collection(VeleroCollection.Name)]
public sealed class StorageLocationValidatorTests(VeleroFixture velero)
{
    private Task<JsonObject> WaitForPhaseAsync(string location) =>
        velero.WaitForAsync("backupstoragelocations", location, l => l["status"]?["phase"] is not null);

    [Fact]
    public async Task Validate_EmptyBucket_Available()
    {
        var location = await velero.CreateLocationAsync(await velero.NewBucketAsync());

        var status = (await WaitForPhaseAsync(location))["status"]!;

        ((string?)status["phase"]).ShouldBe("Available");
        ((string?)status["message"]).ShouldBeNull();
        DateTimeOffset.Parse((string)status["lastValidationTime"]!).ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Validate_VeleroDirectoriesUnderPrefix_Available()
    {
        var bucket = await velero.NewBucketAsync();
        await velero.Bucket.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "cluster-a/backups/b1/velero-backup.json", ContentBody = "{}", UseChunkEncoding = false }).DefaultTimeout();
        await velero.Bucket.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "elsewhere/file", ContentBody = "x", UseChunkEncoding = false }).DefaultTimeout();

        var location = await velero.CreateLocationAsync(bucket, prefix: "/cluster-a/");

        ((string?)(await WaitForPhaseAsync(location))["status"]!["phase"]).ShouldBe("Available");
    }

    [Fact]
    public async Task Validate_UnknownTopLevelDirectory_UnavailableWithMessage()
    {
        var bucket = await velero.NewBucketAsync();
        await velero.Bucket.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "dashboard/state.json", ContentBody = "{}", UseChunkEncoding = false }).DefaultTimeout();

        var location = await velero.CreateLocationAsync(bucket);

        var status = (await WaitForPhaseAsync(location))["status"]!;
        ((string?)status["phase"]).ShouldBe("Unavailable");
        ((string?)status["message"]).ShouldBe($"BackupStorageLocation \"{location}\" is unavailable: Backup store contains invalid top-level directories: [dashboard]");
    }

    [Fact]
    public async Task Validate_MissingBucket_Unavailable()
    {
        var location = await velero.CreateLocationAsync("velero-missing-bucket");

        var status = (await WaitForPhaseAsync(location))["status"]!;

        ((string?)status["phase"]).ShouldBe("Unavailable");
        ((string?)status["message"]).ShouldNotBeNull().ShouldContain("NoSuchBucket");
    }

    [Fact]
    public async Task Validate_CredentialSecretWithWrongKeys_Unavailable()
    {
        await velero.Client.CoreV1.CreateNamespacedSecretAsync(new k8s.Models.V1Secret
        {
            Metadata = new() { Name = "wrong-keys" },
            Data = new Dictionary<string, byte[]> { ["creds"] = "[default]\naws_access_key_id=nobody\naws_secret_access_key=nothing\n"u8.ToArray() },
        }, VeleroFixture.Namespace).DefaultTimeout();

        var location = await velero.CreateLocationAsync(await velero.NewBucketAsync(), credential: new JsonObject { ["name"] = "wrong-keys", ["key"] = "creds" });

        var status = (await WaitForPhaseAsync(location))["status"]!;
        ((string?)status["phase"]).ShouldBe("Unavailable");
        ((string?)status["message"]).ShouldNotBeNull().ShouldContain("InvalidAccessKeyId");
    }

    [Fact]
    public async Task Validate_BucketGainsUnknownDirectory_BecomesUnavailableAtNextPeriod()
    {
        var bucket = await velero.NewBucketAsync();
        var location = await velero.CreateLocationAsync(bucket);
        await velero.WaitForAsync("backupstoragelocations", location, l => (string?)l["status"]?["phase"] == "Available");

        await velero.Bucket.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "stray/object", ContentBody = "x", UseChunkEncoding = false }).DefaultTimeout();

        await velero.WaitForAsync("backupstoragelocations", location, l => (string?)l["status"]?["phase"] == "Unavailable");
    }
}
