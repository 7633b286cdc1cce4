using System.Text;
using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.StorageLocations;
using DataProtection.Tests.Infrastructure;
using k8s;
using Microsoft.EntityFrameworkCore;
using static DataProtection.Tests.Integration.StorageLocations.S3ValidationFixture;

namespace DataProtection.Tests.Integration.StorageLocations;

/// <summary>Assignment writes a Secret + BSL that the sandbox's Velero controller validates; the two-writers guard.</summary>
public sealed class StorageAssignmentTests(StorageSandboxFixture sandbox) : IClassFixture<StorageSandboxFixture>
{
    private StorageLocationService Locations => sandbox.Locations;

    private Task<StorageAssignmentSummary> AssignAsync(string location, string cluster, StorageAccessMode mode = StorageAccessMode.ReadWrite, bool makeDefault = false, bool force = false) =>
        Locations.AssignAsync(Admin, location, new AssignStorageRequest(cluster, mode, makeDefault, force), CancellationToken.None).DefaultTimeout();

    [Fact]
    public async Task AssignAsync_ReadWrite_SecretAndBslCreatedAndVeleroMarksItAvailable()
    {
        var location = await sandbox.CreateLocationAsync(prefix: "team-a");

        var assigned = await AssignAsync(location.Name, "sandbox", makeDefault: true);

        assigned.IsDefault.ShouldBeTrue();
        var secret = await sandbox.Sandbox.CoreV1.ReadNamespacedSecretAsync($"dp-{location.Name}-credentials", "velero").DefaultTimeout();
        Encoding.UTF8.GetString(secret.Data["cloud"]).ShouldContain($"aws_access_key_id={sandbox.S3.AccessKey}");
        var bsl = await sandbox.WaitForLocationAsync("sandbox", location.Name, l => l.Phase is not null);
        bsl.Phase.ShouldBe("Available", bsl.Message);
        (bsl.Location, bsl.Bucket, bsl.Prefix, bsl.AccessMode, bsl.IsDefault).ShouldBe((location.Name, location.Bucket, "team-a", "ReadWrite", true));
        bsl.LastValidationTime.ShouldNotBeNull();
    }

    [Fact]
    public async Task AssignAsync_KeysRevokedInCluster_UnavailableWithVelerosMessage()
    {
        var location = await sandbox.CreateLocationAsync();
        await AssignAsync(location.Name, "sandbox");
        await sandbox.WaitForLocationAsync("sandbox", location.Name, l => l.Phase == "Available");

        var secret = await sandbox.Sandbox.CoreV1.ReadNamespacedSecretAsync($"dp-{location.Name}-credentials", "velero").DefaultTimeout();
        secret.Data["cloud"] = "[default]\naws_access_key_id=REVOKED\naws_secret_access_key=nothing\n"u8.ToArray();
        await sandbox.Sandbox.CoreV1.ReplaceNamespacedSecretAsync(secret, secret.Metadata.Name, "velero").DefaultTimeout();

        var bsl = await sandbox.WaitForLocationAsync("sandbox", location.Name, l => l.Phase == "Unavailable");
        bsl.Message.ShouldNotBeNull().ShouldStartWith($"BackupStorageLocation \"{location.Name}\" is unavailable:");
        bsl.Message.ShouldContain("InvalidAccessKeyId");
    }

    [Fact]
    public async Task AssignAsync_SecondReadWriteCluster_RefusedAndAuditedUnlessForced()
    {
        var location = await sandbox.CreateLocationAsync(prefix: "shared");
        await AssignAsync(location.Name, "sandbox");

        var refused = await Should.ThrowAsync<ConflictException>(() => AssignAsync(location.Name, "sandbox-dr"));

        refused.Message.ShouldContain("sandbox (location " + location.Name + ")");
        (await BslExistsAsync(sandbox.SandboxDr, location.Name)).ShouldBeFalse("nothing is written to the cluster when refused");
        (await LastAssignAuditAsync(location.Name)).Outcome.ShouldBe(AuditOutcome.Failed);

        var forced = await AssignAsync(location.Name, "sandbox-dr", force: true);

        forced.Forced.ShouldBeTrue();
        (await BslExistsAsync(sandbox.SandboxDr, location.Name)).ShouldBeTrue();
        var audit = await LastAssignAuditAsync(location.Name);
        audit.Outcome.ShouldBe(AuditOutcome.Succeeded);
        audit.Parameters.ShouldNotBeNull().ShouldContain("\"force\":true");
    }

    [Fact]
    public async Task AssignAsync_ReadOnlySecondCluster_AllowedWithoutForce()
    {
        var location = await sandbox.CreateLocationAsync(prefix: "dr-source");
        await AssignAsync(location.Name, "sandbox");

        var readOnly = await AssignAsync(location.Name, "sandbox-dr", StorageAccessMode.ReadOnly);

        readOnly.Forced.ShouldBeFalse();
        var bsl = await sandbox.WaitForLocationAsync("sandbox-dr", location.Name, l => l.Phase is not null);
        (bsl.AccessMode, bsl.Phase).ShouldBe(("ReadOnly", "Available"));
    }

    [Fact]
    public async Task AssignAsync_MakeDefault_PreviousDefaultDemotedInCluster()
    {
        var first = await sandbox.CreateLocationAsync(prefix: "first");
        var second = await sandbox.CreateLocationAsync(prefix: "second");
        await AssignAsync(first.Name, "sandbox-dr", StorageAccessMode.ReadOnly, makeDefault: true);

        await AssignAsync(second.Name, "sandbox-dr", StorageAccessMode.ReadOnly, makeDefault: true);

        var all = await Locations.ListClusterLocationsAsync(Admin, "sandbox-dr", CancellationToken.None).DefaultTimeout();
        all.Single(l => l.Name == first.Name).IsDefault.ShouldBeFalse();
        all.Single(l => l.Name == second.Name).IsDefault.ShouldBeTrue();
    }

    [Fact]
    public async Task UnassignAsync_Assigned_BslAndSecretRemovedFromCluster()
    {
        var location = await sandbox.CreateLocationAsync();
        await AssignAsync(location.Name, "sandbox");

        await Locations.UnassignAsync(Admin, location.Name, "sandbox", CancellationToken.None).DefaultTimeout();

        (await BslExistsAsync(sandbox.Sandbox, location.Name)).ShouldBeFalse();
        var secrets = await sandbox.Sandbox.CoreV1.ListNamespacedSecretAsync("velero").DefaultTimeout();
        secrets.Items.ShouldNotContain(s => s.Metadata.Name == $"dp-{location.Name}-credentials");
        (await Locations.GetLocationAsync(Admin, location.Name, CancellationToken.None)).Assignments.ShouldBeEmpty();
    }

    [Fact]
    public async Task UpdateLocationAsync_Assigned_BslInClusterFollowsTheNewPrefix()
    {
        var location = await sandbox.CreateLocationAsync(prefix: "before");
        await AssignAsync(location.Name, "sandbox-dr", StorageAccessMode.ReadOnly);

        await Locations.UpdateLocationAsync(Admin, location.Name, new StorageLocationInput(null, "moved", location.Endpoint, location.Region, location.Bucket, "after"),
            CancellationToken.None).DefaultTimeout();

        var bsl = await sandbox.WaitForLocationAsync("sandbox-dr", location.Name, l => l.Prefix == "after");
        bsl.AccessMode.ShouldBe("ReadOnly");
        (await Locations.GetLocationAsync(Admin, location.Name, CancellationToken.None)).Prefix.ShouldBe("after");
    }

    [Fact]
    public async Task DeleteLocationAsync_StillAssigned_Conflict()
    {
        var location = await sandbox.CreateLocationAsync();
        await AssignAsync(location.Name, "sandbox-dr", StorageAccessMode.ReadOnly);

        await Should.ThrowAsync<ConflictException>(() => Locations.DeleteLocationAsync(Admin, location.Name, CancellationToken.None));
    }

    [Fact]
    public async Task AssignAsync_BslRefusedHalfWay_SecretRemovedAgainAndNothingSaved()
    {
        var location = await sandbox.CreateLocationAsync();

        var ex = await Should.ThrowAsync<ClusterUnavailableException>(() => AssignAsync(location.Name, "bare"));

        ex.Message.ShouldContain($"Creating BackupStorageLocation velero/{location.Name} failed: 404");
        ex.Message.ShouldContain($"Secret velero/dp-{location.Name}-credentials was removed again.");
        var secrets = await sandbox.Bare.CoreV1.ListNamespacedSecretAsync("velero").DefaultTimeout();
        secrets.Items.ShouldNotContain(s => s.Metadata.Name == $"dp-{location.Name}-credentials");
        (await Locations.GetLocationAsync(Admin, location.Name, CancellationToken.None)).Assignments.ShouldBeEmpty();
        (await LastAssignAuditAsync(location.Name)).Outcome.ShouldBe(AuditOutcome.Failed);
    }

    [Fact]
    public async Task StorageKeys_AfterCreateAssignAndUsage_NotInAnyAppDataFileOrLog()
    {
        var location = await sandbox.CreateLocationAsync();
        await AssignAsync(location.Name, "sandbox-dr", StorageAccessMode.ReadOnly);
        await sandbox.App.Service<StorageUsageService>().RefreshUsageAsync(CancellationToken.None).DefaultTimeout();

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(sandbox.App.DataDirectory, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            (await reader.ReadToEndAsync()).ShouldNotContain(sandbox.S3.SecretKey, customMessage: file);
        }
        sandbox.App.Logs.All.ShouldNotContain(sandbox.S3.SecretKey);
    }

    private static async Task<bool> BslExistsAsync(IKubernetes client, string name)
    {
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync("velero.io", "v1", "velero", "backupstoragelocations").DefaultTimeout();
        return KubernetesJson.Serialize(list).Contains($"\"name\":\"{name}\"");
    }

    private async Task<AuditEntry> LastAssignAuditAsync(string location)
    {
        await using var db = await sandbox.App.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.Where(e => e.Action == AuditActions.StorageAssign && e.TargetName == location).OrderByDescending(e => e.Id).FirstAsync();
    }
}
