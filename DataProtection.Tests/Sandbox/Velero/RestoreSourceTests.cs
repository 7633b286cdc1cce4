using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using static DataProtection.Tests.Sandbox.Velero.RestoreTestKit;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Where a restore's backup comes from: a schedule's latest completed backup, or a backup synced from another cluster.</summary>
[Collection(VeleroCollection.Name)]
public sealed class RestoreSourceTests(VeleroFixture velero)
{
    private readonly RestoreTestKit _kit = new(velero);

    [Fact]
    public async Task Restore_ScheduleName_LatestCompletedBackupRecordedInSpec()
    {
        var schedule = $"s-{Guid.NewGuid().ToString("N")[..8]}";
        var sources = new RestoreSources(velero);
        await sources.CreateBackupObjectAsync(schedule, "Completed", DateTimeOffset.UtcNow.AddHours(-1));
        await sources.CreateBackupObjectAsync(schedule, "Failed", DateTimeOffset.UtcNow.AddHours(1));
        var ns = await _kit.Backups.NamespaceWithConfigMapsAsync(("cm", null));
        var latest = await _kit.ScheduledBackupAsync(new JsonObject { ["includedNamespaces"] = Array(ns) }, schedule);
        await DeleteNamespaceAsync(velero.Client, ns);

        var restore = await _kit.RunAsync(new JsonObject { ["scheduleName"] = schedule });

        ((string?)restore["status"]!["phase"]).ShouldBe("Completed");
        ((string?)restore["spec"]!["backupName"]).ShouldBe(Name(latest));
        ((string?)restore["spec"]!["scheduleName"]).ShouldBe(schedule);
        (await ConfigMapAsync(velero.Client, ns, "cm"))!.Metadata.Labels["velero.io/backup-name"].ShouldBe(Name(latest));
    }

    [Fact]
    public async Task Restore_BackupOfScheduleByName_ScheduleNameFilledIn()
    {
        var schedule = $"s-{Guid.NewGuid().ToString("N")[..8]}";
        var ns = await _kit.Backups.NamespaceWithConfigMapsAsync(("cm", null));
        var backup = await _kit.ScheduledBackupAsync(new JsonObject { ["includedNamespaces"] = Array(ns) }, schedule);

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = Name(backup) });

        ((string?)restore["spec"]!["scheduleName"]).ShouldBe(schedule);
    }

    [Fact]
    public async Task Restore_InSecondClusterAfterSync_ItemsCreatedThere()
    {
        var bucket = await velero.NewBucketAsync();
        var source = await velero.CreateLocationAsync(bucket);
        await velero.WaitForAsync("backupstoragelocations", source, l => (string?)l["status"]?["phase"] == "Available");
        var dr = await velero.CreateLocationAsync(bucket, accessMode: "ReadOnly", client: velero.DrClient);
        await velero.WaitForAsync("backupstoragelocations", dr, l => (string?)l["status"]?["phase"] == "Available", velero.DrClient);
        var ns = await _kit.Backups.NamespaceWithConfigMapsAsync(("one", "web"));
        var backup = await _kit.Backups.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns), ["storageLocation"] = source });
        await velero.WaitForAsync("backups", Name(backup), _ => true, velero.DrClient);

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = Name(backup) }, velero.DrClient);

        ((string?)restore["status"]!["phase"]).ShouldBe("Completed");
        (await ConfigMapAsync(velero.DrClient, ns, "one"))!.Metadata.Labels["app"].ShouldBe("web");
        (await _kit.ResourceListAsync(restore, "v1/ConfigMap", bucket)).ShouldBe([$"{ns}/one(created)"]);
    }
}
