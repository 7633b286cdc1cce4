using Amazon.S3.Model;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.StorageLocations;
using DataProtection.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static DataProtection.Tests.Integration.StorageLocations.S3ValidationFixture;

namespace DataProtection.Tests.Integration.StorageLocations;

/// <summary>The managed account (per-cluster prefixes, SSE settings) and the usage job, against the sandbox with Velero.</summary>
public sealed class ManagedStorageTests(StorageSandboxFixture sandbox) : IClassFixture<StorageSandboxFixture>
{
    private ManagedStorageService Managed => sandbox.App.Service<ManagedStorageService>();

    private async Task SaveAccountAsync(StorageEncryption encryption = StorageEncryption.None) =>
        await Managed.SaveAccountAsync(Admin, new ManagedAccountInput(sandbox.S3.Endpoint.ToString(), sandbox.S3.Region, await sandbox.NewBucketAsync(),
            AccessKey: sandbox.S3.AccessKey, SecretKey: sandbox.S3.SecretKey, Encryption: encryption), CancellationToken.None).DefaultTimeout();

    [Fact]
    public async Task EnsureManagedLocationAsync_AssignedToOwner_PerClusterPrefixAvailableAndKeysNeverShown()
    {
        await SaveAccountAsync(StorageEncryption.SseS3);

        var location = await sandbox.Locations.EnsureManagedLocationAsync(Admin, "sandbox", CancellationToken.None).DefaultTimeout();
        await sandbox.Locations.AssignAsync(Admin, location.Name, new AssignStorageRequest("sandbox", MakeDefault: true), CancellationToken.None).DefaultTimeout();

        (location.Name, location.Kind, location.Prefix, location.OwnerCluster).ShouldBe(("managed-sandbox", StorageKind.Managed, "clusters/sandbox", "sandbox"));
        var bsl = await sandbox.WaitForLocationAsync("sandbox", location.Name, l => l.Phase is not null);
        bsl.Phase.ShouldBe("Available", bsl.Message);
        var account = (await Managed.GetAccountAsync(Admin, CancellationToken.None))!;
        account.HasKeys.ShouldBeTrue();
        account.FromDefaults.ShouldBeFalse();
        System.Text.Json.JsonSerializer.Serialize(account).ShouldNotContain(sandbox.S3.SecretKey);
        (await sandbox.Locations.EnsureManagedLocationAsync(Admin, "sandbox", CancellationToken.None)).Name.ShouldBe(location.Name, "ensure is idempotent");
    }

    [Fact]
    public async Task AssignAsync_ManagedLocationReadWriteForAnotherCluster_AccessModeField()
    {
        await SaveAccountAsync();
        var location = await sandbox.Locations.EnsureManagedLocationAsync(Admin, "sandbox", CancellationToken.None).DefaultTimeout();

        var ex = await Should.ThrowAsync<ValidationException>(() =>
            sandbox.Locations.AssignAsync(Admin, location.Name, new AssignStorageRequest("sandbox-dr"), CancellationToken.None));

        ex.Field.ShouldBe("accessMode");
    }

    [Fact]
    public async Task ListLocationsAsync_SeveralManagedLocations_EachShowsTheAccountBucketAndItsOwnPrefix()
    {
        await SaveAccountAsync();
        foreach (var cluster in new[] { "sandbox", "sandbox-dr", "bare" })
        {
            await sandbox.Locations.EnsureManagedLocationAsync(Admin, cluster, CancellationToken.None).DefaultTimeout();
        }

        var all = await sandbox.Locations.ListLocationsAsync(Admin, CancellationToken.None).DefaultTimeout();

        var managed = all.Where(l => l.Kind == StorageKind.Managed).ToList();
        managed.Select(l => l.Prefix).ShouldBe(["clusters/bare", "clusters/sandbox", "clusters/sandbox-dr"]);
        managed.Select(l => l.Bucket).Distinct().Count().ShouldBe(1);
        managed.ShouldAllBe(l => l.Endpoint == sandbox.S3.Endpoint.ToString());
    }

    [Fact]
    public async Task ReapplyManagedLocationsAsync_AccountMovedToAnotherBucket_BslFollows()
    {
        await SaveAccountAsync();
        var location = await sandbox.Locations.EnsureManagedLocationAsync(Admin, "bare", CancellationToken.None).DefaultTimeout();
        await sandbox.Locations.EnsureManagedLocationAsync(Admin, "sandbox-dr", CancellationToken.None).DefaultTimeout();
        await sandbox.Locations.AssignAsync(Admin, "managed-sandbox-dr", new AssignStorageRequest("sandbox-dr"), CancellationToken.None).DefaultTimeout();
        await SaveAccountAsync();
        var bucket = (await Managed.GetAccountAsync(Admin, CancellationToken.None))!.Bucket;

        var failures = await sandbox.Locations.ReapplyManagedLocationsAsync(Admin, CancellationToken.None).DefaultTimeout();

        failures.ShouldBeEmpty();
        var bsl = await sandbox.WaitForLocationAsync("sandbox-dr", "managed-sandbox-dr", l => l.Bucket == bucket);
        bsl.Prefix.ShouldBe("clusters/sandbox-dr");
        location.Assignments.ShouldBeEmpty("a location that is not assigned is not written anywhere");
    }

    [Fact]
    public async Task SaveAccountAsync_WrongKeys_NothingSaved()
    {
        await using var db = await sandbox.App.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var before = await db.ManagedStorageAccounts.AsNoTracking().Select(a => a.UpdatedUtc).FirstOrDefaultAsync();

        var ex = await Should.ThrowAsync<ValidationException>(() => Managed.SaveAccountAsync(Admin,
            new ManagedAccountInput(sandbox.S3.Endpoint.ToString(), null, "any-bucket", AccessKey: "NOPE", SecretKey: "nope"), CancellationToken.None));

        ex.Field.ShouldBe("accessKey");
        (await db.ManagedStorageAccounts.AsNoTracking().Select(a => a.UpdatedUtc).FirstOrDefaultAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task SaveAccountAsync_SseKmsWithoutKey_KmsKeyIdField()
    {
        var ex = await Should.ThrowAsync<ValidationException>(() => Managed.SaveAccountAsync(Admin,
            new ManagedAccountInput(sandbox.S3.Endpoint.ToString(), null, "any-bucket", AccessKey: "a", SecretKey: "b", Encryption: StorageEncryption.SseKms), CancellationToken.None));

        ex.Field.ShouldBe("kmsKeyId");
    }

    [Fact]
    public async Task RefreshUsageAsync_ObjectsUnderPrefix_BytesAndObjectsMatchTheBucket()
    {
        var location = await sandbox.CreateLocationAsync(prefix: "usage");
        var sizes = Enumerable.Range(0, 1203).Select(i => 10 + i % 97).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, sizes.Length), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await sandbox.Bucket.PutObjectAsync(new PutObjectRequest
            {
                BucketName = location.Bucket, Key = $"usage/backups/b{i % 7}/obj-{i}", ContentBody = new string('x', sizes[i]), UseChunkEncoding = false,
            }, ct));
        await sandbox.Bucket.PutObjectAsync(new PutObjectRequest { BucketName = location.Bucket, Key = "elsewhere/not-counted", ContentBody = "12345", UseChunkEncoding = false });

        await sandbox.Locations.AssignAsync(Admin, location.Name, new AssignStorageRequest("sandbox-dr"), CancellationToken.None).DefaultTimeout();

        (await sandbox.App.Service<StorageUsageService>().RefreshUsageAsync(CancellationToken.None).DefaultTimeout(60)).ShouldBe(0);

        var usage = await sandbox.App.Service<StorageUsageService>().GetUsageAsync(Admin, location.Name, DateTime.UtcNow.AddHours(-1), CancellationToken.None);
        usage.Count.ShouldBe(1);
        (usage[0].Bytes, usage[0].Objects).ShouldBe((sizes.Sum(s => (long)s), sizes.Length));
        (await sandbox.Locations.GetLocationAsync(Admin, location.Name, CancellationToken.None)).LatestUsage.ShouldBe(usage[0]);
        var perCluster = await sandbox.App.Service<StorageUsageService>().GetClusterUsageAsync(Admin, CancellationToken.None);
        perCluster.Single(u => u.Location == location.Name).ShouldBe(new ClusterStorageUsage("sandbox-dr", location.Name, usage[0]));
    }
}
