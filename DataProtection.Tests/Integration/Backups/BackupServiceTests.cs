using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Protection;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.Velero;
using k8s;

namespace DataProtection.Tests.Integration.Backups;

[Collection(BackupsCollection.Name)]
public sealed class BackupServiceTests(BackupsFixture fixture)
{
    private const string Watched = BackupsFixture.Watched;

    [Fact]
    public async Task DeleteBackupAsync_InProgress_IsRefusedWithVelerosReason()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var name = await fixture.CreateBackupAsync(Watched, await fixture.NamespaceWithConfigMapsAsync(Watched, 60));
        await changes.NextAsync(c => c.Name == name && c.Phase == BackupPhases.InProgress);

        var refusal = await Should.ThrowAsync<ConflictException>(
            fixture.Backups.DeleteBackupAsync(BackupsFixture.Admin, Watched, name, name, CancellationToken.None).DefaultTimeout());

        refusal.Message.ShouldStartWith("backup is still in progress");
        await changes.NextAsync(c => c.Name == name && c.Phase == BackupPhases.Completed);
        (await fixture.GetBackupAsync(Watched, name)).ShouldNotBeNull();
    }

    [Fact]
    public async Task DeleteBackupAsync_LocationReadOnly_IsRefusedWithVelerosReason()
    {
        const string cluster = BackupsFixture.Unwatched;
        var name = await fixture.CreateBackupAsync(cluster, await fixture.NamespaceWithConfigMapsAsync(cluster, 1));
        await VeleroFixture.WaitAsync(async () => await fixture.GetBackupAsync(cluster, name) is { } b && (string?)b["status"]?["phase"] == "Completed" ? b : null);
        var client = fixture.Client(cluster);
        await PatchAccessModeAsync(client, "ReadOnly");
        try
        {
            var refusal = await Should.ThrowAsync<ConflictException>(
                fixture.Backups.DeleteBackupAsync(BackupsFixture.Admin, cluster, name, name, CancellationToken.None).DefaultTimeout());

            refusal.Message.ShouldBe("cannot delete backup because backup storage location default is currently in read-only mode");
        }
        finally
        {
            await PatchAccessModeAsync(client, "ReadWrite");
        }
        (await fixture.GetBackupAsync(cluster, name)).ShouldNotBeNull();
    }

    private static Task PatchAccessModeAsync(k8s.Kubernetes client, string mode) =>
        client.CustomObjects.PatchNamespacedCustomObjectAsync(new k8s.Models.V1Patch($"{{\"spec\":{{\"accessMode\":\"{mode}\"}}}}", k8s.Models.V1Patch.PatchType.MergePatch),
            "velero.io", "v1", "velero", "backupstoragelocations", "default").DefaultTimeout();

    [Fact]
    public async Task DeleteBackupAsync_WrongConfirmation_NamesTheField()
    {
        var error = await Should.ThrowAsync<ValidationException>(
            fixture.Backups.DeleteBackupAsync(BackupsFixture.Admin, Watched, "some-backup", "some-backu", CancellationToken.None).DefaultTimeout());

        error.Field.ShouldBe("confirmName");
        error.Message.ShouldContain("some-backup");
    }

    [Fact]
    public async Task DeleteBackupAsync_Viewer_IsForbidden()
    {
        await Should.ThrowAsync<ForbiddenException>(
            fixture.Backups.DeleteBackupAsync(BackupsFixture.Viewer, Watched, "some-backup", "some-backup", CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task DeleteBackupAsync_Completed_VeleroDeletesItAndTheHistoryKeepsIt()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var name = await fixture.CreateBackupAsync(Watched, await fixture.NamespaceWithConfigMapsAsync(Watched, 1));
        await changes.NextAsync(c => c.Name == name && c.Phase == BackupPhases.Completed);

        await fixture.Backups.DeleteBackupAsync(BackupsFixture.Admin, Watched, name, name, CancellationToken.None).DefaultTimeout();
        await changes.NextAsync(c => c.Name == name && c.Deleted);

        var history = await fixture.Backups.ListBackupsAsync(BackupsFixture.Viewer, new BackupFilter(Search: name, IncludeDeleted: true), new PageRequest(), CancellationToken.None);
        history.Items.ShouldHaveSingleItem().DeletedUtc.ShouldNotBeNull();
        (await fixture.GetBackupAsync(Watched, name)).ShouldBeNull();
    }

    [Fact]
    public async Task GetBackupLogAsync_Completed_ReturnsGunzippedLinesFilteredBySearch()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var ns = await fixture.NamespaceWithConfigMapsAsync(Watched, 3);
        var name = await fixture.CreateBackupAsync(Watched, ns);
        await changes.NextAsync(c => c.Name == name && c.Phase == BackupPhases.Completed);

        var all = await fixture.Backups.GetBackupLogAsync(BackupsFixture.Viewer, Watched, name, null, CancellationToken.None).DefaultTimeout();
        var filtered = await fixture.Backups.GetBackupLogAsync(BackupsFixture.Viewer, Watched, name, "CONFIGMAPS", CancellationToken.None).DefaultTimeout();

        all.Lines.Count.ShouldBe(all.TotalLines);
        all.Lines.ShouldAllBe(l => l.StartsWith("time=\"") && l.Contains($"backup=velero/{name}"));
        filtered.Lines.ShouldNotBeEmpty();
        filtered.Lines.Count.ShouldBeLessThan(all.Lines.Count);
        filtered.Lines.ShouldAllBe(l => l.Contains("configmaps"));
        var requests = await fixture.Client(Watched).GetAsync("apis/velero.io/v1/namespaces/velero/downloadrequests", CancellationToken.None).DefaultTimeout();
        requests.ShouldNotBeNull().ToJsonString().ShouldNotContain(name, customMessage: "download requests should be deleted after use");
    }

    [Fact]
    public async Task GetBackupAsync_PodVolumes_ShowsPerVolumeProgressAndTheirChangesArePublished()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var client = fixture.Client(Watched);
        var ns = await VolumeTestKit.NamespaceAsync(client);
        await VolumeTestKit.PodAsync(client, ns, "db-0", new Dictionary<string, string> { ["backup.velero.io/backup-volumes"] = "cache" },
            [VolumeTestKit.EmptyDir("cache", "128Mi"), VolumeTestKit.EmptyDir("scratch")]);

        var name = await fixture.CreateBackupAsync(Watched, ns);
        var volumeChange = await changes.NextAsync(c => c.Name == name && c.Phase == "");
        await changes.NextAsync(c => c.Name == name && c.Phase == BackupPhases.Completed);
        var details = await fixture.Backups.GetBackupAsync(BackupsFixture.Viewer, Watched, name, CancellationToken.None).DefaultTimeout();

        volumeChange.Cluster.ShouldBe(Watched);
        var volume = details.Volumes.ShouldHaveSingleItem();
        (volume.Pod, volume.Volume, volume.Phase).ShouldBe(("db-0", "cache", "Completed"));
        (volume.BytesDone, volume.TotalBytes).ShouldBe((128L << 20, 128L << 20));
    }

    [Fact]
    public async Task GetBackupAsync_Completed_ShowsSpecTimelineAndVeleroBackupJson()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var ns = await fixture.NamespaceWithConfigMapsAsync(Watched, 1);
        var name = await fixture.CreateBackupAsync(Watched, ns);
        await changes.NextAsync(c => c.Name == name && c.Phase == BackupPhases.Completed);

        var details = await fixture.Backups.GetBackupAsync(BackupsFixture.Viewer, Watched, name, CancellationToken.None).DefaultTimeout();
        var results = await fixture.Backups.GetBackupResultsAsync(BackupsFixture.Viewer, Watched, name, CancellationToken.None).DefaultTimeout();

        details.Live.ShouldBeTrue();
        details.Spec["storageLocation"].ShouldBe("default");
        details.Spec["includedNamespaces"].ShouldContain(ns);
        details.Timeline.Select(t => t.Label).ShouldBe(["Created", "Started", "Completed", "Expires"], ignoreOrder: false);
        details.Json.ShouldNotBeNull().ShouldContain("\"kind\": \"Backup\"");
        results.Errors.Velero.ShouldBeEmpty();
        results.Errors.Namespaces.ShouldBeEmpty();
    }
}
