using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.Velero;

namespace DataProtection.Tests.Integration.Backups;

[Collection(BackupsCollection.Name)]
public sealed class ReconcileBackupHistoryJobTests(BackupsFixture fixture)
{
    private const string Unwatched = BackupsFixture.Unwatched;

    [Fact]
    public async Task RunAsync_BackupMadeWhileNoWatchRan_IsRecordedThenMarkedGone()
    {
        var ns = await fixture.NamespaceWithConfigMapsAsync(Unwatched, 1);
        var name = await fixture.CreateBackupAsync(Unwatched, ns);
        await VeleroFixture.WaitAsync(async () => await fixture.GetBackupAsync(Unwatched, name) is { } b && (string?)b["status"]?["phase"] == "Completed" ? b : null);
        await fixture.MakeReadyAsync(Unwatched);
        var filter = new BackupFilter(Cluster: Unwatched, Search: name, IncludeDeleted: true);
        (await fixture.Backups.ListBackupsAsync(BackupsFixture.Viewer, filter, new PageRequest(), CancellationToken.None)).TotalCount.ShouldBe(0);
        fixture.Hub.WatchedClusterIds.Count.ShouldBe(1, "only the watched cluster has a watch; the job alone must find this backup");

        await fixture.App.Service<ReconcileBackupHistoryJob>().RunAsync(CancellationToken.None).DefaultTimeout();
        var found = (await fixture.Backups.ListBackupsAsync(BackupsFixture.Viewer, filter, new PageRequest(), CancellationToken.None)).Items.ShouldHaveSingleItem();
        await fixture.Backups.DeleteBackupAsync(BackupsFixture.Admin, Unwatched, name, name, CancellationToken.None).DefaultTimeout();
        await VeleroFixture.WaitAsync(async () => await fixture.GetBackupAsync(Unwatched, name) is null ? "gone" : null);
        await fixture.App.Service<ReconcileBackupHistoryJob>().RunAsync(CancellationToken.None).DefaultTimeout();
        var gone = (await fixture.Backups.ListBackupsAsync(BackupsFixture.Viewer, filter, new PageRequest(), CancellationToken.None)).Items.ShouldHaveSingleItem();

        (found.Phase, found.DeletedUtc).ShouldBe((BackupPhases.Completed, null));
        gone.DeletedUtc.ShouldNotBeNull();
        gone.CompletedUtc.ShouldBe(found.CompletedUtc);
    }

    [Fact]
    public async Task ListBackupsAsync_FiltersAndPages_OnTheServer()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var ns = await fixture.NamespaceWithConfigMapsAsync(BackupsFixture.Watched, 1);
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            names.Add(await fixture.CreateBackupAsync(BackupsFixture.Watched, ns));
            await changes.NextAsync(c => c.Name == names[^1] && c.Phase == BackupPhases.Completed);
        }
        var filter = new BackupFilter(Cluster: BackupsFixture.Watched, Phase: BackupPhases.Completed, Search: ns);

        var first = await fixture.Backups.ListBackupsAsync(BackupsFixture.Viewer, filter, new PageRequest(0, 2), CancellationToken.None);
        var second = await fixture.Backups.ListBackupsAsync(BackupsFixture.Viewer, filter, new PageRequest(1, 2), CancellationToken.None);
        var otherCluster = await fixture.Backups.ListBackupsAsync(BackupsFixture.Viewer, filter with { Cluster = Unwatched }, new PageRequest(), CancellationToken.None);
        var badRange = Should.ThrowAsync<ValidationException>(fixture.Backups.ListBackupsAsync(BackupsFixture.Viewer,
            new BackupFilter(From: DateTime.UtcNow, To: DateTime.UtcNow.AddDays(-1)), new PageRequest(), CancellationToken.None));

        (first.TotalCount, first.Items.Count, second.Items.Count).ShouldBe((3, 2, 1));
        first.Items.Concat(second.Items).Select(b => b.Name).ShouldBe(names, ignoreOrder: true);
        otherCluster.TotalCount.ShouldBe(0);
        (await badRange).Field.ShouldBe("from");
    }
}
