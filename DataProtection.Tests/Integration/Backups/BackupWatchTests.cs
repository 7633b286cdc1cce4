using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DataProtection.Tests.Integration.Backups;

[Collection(BackupsCollection.Name)]
public sealed class BackupWatchTests(BackupsFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Watch_BackupRuns_ProgressEventsArriveInOrder()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var ns = await fixture.NamespaceWithConfigMapsAsync(BackupsFixture.Watched, 15);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var name = await fixture.CreateBackupAsync(BackupsFixture.Watched, ns);
        var created = clock.Elapsed;
        var first = await changes.NextAsync(c => c.Name == name && c.Phase != "");
        output.WriteLine($"First change {(clock.Elapsed - created).TotalMilliseconds:0} ms after the create returned");
        var seen = new List<BackupChange> { first };
        if (first.Phase != BackupPhases.Completed)
            seen.AddRange(await changes.UntilAsync(name, c => c.Phase == BackupPhases.Completed));

        var phases = seen.Select(c => BackupPhases.All.ToList().IndexOf(c.Phase)).ToList();
        phases.ShouldBe(phases.Order().ToList(), "phases went backwards: " + string.Join(", ", seen.Select(c => c.Phase)));
        var items = seen.Select(c => c.ItemsBackedUp ?? -1).ToList();
        items.ShouldBe(items.Order().ToList(), "itemsBackedUp went backwards: " + string.Join(", ", items));
        seen.ShouldContain(c => c.Phase == BackupPhases.InProgress && c.ItemsBackedUp > 0 && c.ItemsBackedUp < c.TotalItems);
        seen[^1].ItemsBackedUp.ShouldBe(seen[^1].TotalItems);
        seen[^1].TotalItems.ShouldNotBeNull().ShouldBeGreaterThan(15);
    }

    [Fact]
    public async Task Watch_BackupCompletes_HistoryRowIsCurrentWhenTheEventArrives()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var ns = await fixture.NamespaceWithConfigMapsAsync(BackupsFixture.Watched, 2);

        var name = await fixture.CreateBackupAsync(BackupsFixture.Watched, ns);
        await changes.UntilAsync(name, c => c.Phase == BackupPhases.Completed);
        var page = await fixture.Backups.ListBackupsAsync(BackupsFixture.Viewer, new BackupFilter(Search: name), new PageRequest(), CancellationToken.None);

        var row = page.Items.ShouldHaveSingleItem();
        (row.Cluster, row.Phase, row.Scope).ShouldBe((BackupsFixture.Watched, BackupPhases.Completed, $"ns: {ns}"));
        row.StartedUtc.ShouldNotBeNull();
        row.CompletedUtc.ShouldNotBeNull();
        row.ExpiresUtc.ShouldNotBeNull().ShouldBeGreaterThan(row.CompletedUtc.Value);
        row.Percent.ShouldBe(100);
    }

    [Fact]
    public async Task Watch_BackupCompletes_SizeIsTheTarballsInTheBucket()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var name = await fixture.CreateBackupAsync(BackupsFixture.Watched, await fixture.NamespaceWithConfigMapsAsync(BackupsFixture.Watched, 3));

        var sized = await changes.NextAsync(c => c.Name == name && c.SizeBytes is not null);
        var tarball = await fixture.Bucket.GetObjectMetadataAsync($"velero-{BackupsFixture.Watched}", $"backups/{name}/{name}.tar.gz").DefaultTimeout();
        var row = (await fixture.Backups.ListBackupsAsync(BackupsFixture.Viewer, new BackupFilter(Search: name), new PageRequest(), CancellationToken.None)).Items.Single();

        sized.Phase.ShouldBe(BackupPhases.Completed);
        sized.SizeBytes.ShouldBe(tarball.ContentLength);
        row.SizeBytes.ShouldBe(tarball.ContentLength);
    }

    [Fact]
    public async Task History_BackupExpires_RowOutlivesTheBackup()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var ns = await fixture.NamespaceWithConfigMapsAsync(BackupsFixture.Watched, 1);

        var name = await fixture.CreateBackupAsync(BackupsFixture.Watched, ns, ttl: "1s");
        var gone = await changes.NextAsync(c => c.Name == name && c.Deleted, seconds: 60);

        (await fixture.GetBackupAsync(BackupsFixture.Watched, name)).ShouldBeNull();
        var live = await fixture.Backups.ListBackupsAsync(BackupsFixture.Viewer, new BackupFilter(Search: name), new PageRequest(), CancellationToken.None);
        live.TotalCount.ShouldBe(0);
        var history = await fixture.Backups.ListBackupsAsync(BackupsFixture.Viewer, new BackupFilter(Search: name, IncludeDeleted: true), new PageRequest(), CancellationToken.None);
        var row = history.Items.ShouldHaveSingleItem();
        row.DeletedUtc.ShouldNotBeNull();
        row.Phase.ShouldBe(gone.Phase);
        row.CompletedUtc.ShouldNotBeNull();
        var details = await fixture.Backups.GetBackupAsync(BackupsFixture.Viewer, BackupsFixture.Watched, name, CancellationToken.None);
        details.Live.ShouldBeFalse();
        details.Timeline.ShouldContain(t => t.Label == "Gone from the cluster");
    }
}
