using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Data;
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
}
