using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Data;
using DataProtection.Core.Protection;
using DataProtection.Tests.Sandbox.Velero;
using DataProtection.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Tests.Integration.Backups;

[Collection(BackupsCollection.Name)]
public sealed class BackupWatchHubTests(BackupsFixture fixture)
{
    [Fact]
    public async Task RescanAsync_ClusterDisabledThenEnabled_StopsAndResumesItsWatch()
    {
        var clusters = fixture.App.Service<ClusterService>();
        await using var db = await fixture.App.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var id = (await db.Clusters.SingleAsync(c => c.Name == BackupsFixture.Watched)).Id;
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());

        await clusters.SetEnabledAsync(BackupsFixture.Admin, BackupsFixture.Watched, false, CancellationToken.None).DefaultTimeout();
        await fixture.Hub.RescanAsync(CancellationToken.None).DefaultTimeout();
        var whileDisabled = fixture.Hub.WatchedClusterIds;
        await clusters.SetEnabledAsync(BackupsFixture.Admin, BackupsFixture.Watched, true, CancellationToken.None).DefaultTimeout();
        await fixture.Hub.RescanAsync(CancellationToken.None).DefaultTimeout();
        var relisted = await changes.NextAsync(c => c.Cluster == BackupsFixture.Watched && c.Name == "");

        whileDisabled.ShouldNotContain(id);
        fixture.Hub.WatchedClusterIds.ShouldContain(id);
        relisted.Deleted.ShouldBeFalse();
    }

    [Fact]
    public async Task ProtectionChanged_NotInstalledThenBack_WatchStopsAndResumesWithoutWaitingForTheScan()
    {
        var store = fixture.App.Service<ProtectionStateStore>();
        await using var db = await fixture.App.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var id = (await db.Clusters.SingleAsync(c => c.Name == BackupsFixture.Watched)).Id;
        await fixture.Hub.RescanAsync(CancellationToken.None).DefaultTimeout();
        var before = (await db.ProtectionStates.AsNoTracking().SingleAsync(p => p.ClusterId == id)).Status;

        // The fixture's periodic scan is an hour apart: only the change notice can move the watch within the wait.
        fixture.Hub.FollowProtectionChanges = true;
        try
        {
            await store.UpdateAsync(id, s => s.Status = ProtectionStatus.NotInstalled).DefaultTimeout();
            await VeleroFixture.WaitAsync(() => Task.FromResult(fixture.Hub.WatchedClusterIds.Contains(id) ? null : "stopped"), 10);
            await store.UpdateAsync(id, s => s.Status = before).DefaultTimeout();
            await VeleroFixture.WaitAsync(() => Task.FromResult(fixture.Hub.WatchedClusterIds.Contains(id) ? "watched" : null), 10);
        }
        finally
        {
            fixture.Hub.FollowProtectionChanges = false;
        }

        before.ShouldNotBe(ProtectionStatus.NotInstalled);
    }
}
