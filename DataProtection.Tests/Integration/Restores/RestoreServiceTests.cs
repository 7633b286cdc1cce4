using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Restores;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Integration.Restores;

/// <summary>Restores through Velero on the sandbox: what comes back is exactly what was asked for, and Velero's resource list says so.</summary>
[Collection(BackupsCollection.Name)]
public sealed class RestoreServiceTests(BackupsFixture fixture)
{
    private const string Watched = BackupsFixture.Watched;

    private RestoreService Restores => fixture.App.Service<RestoreService>();

    private Kubernetes Client => fixture.Client(Watched);

    [Fact]
    public async Task WholeBackup_IntoItsDeletedNamespace_BringsEverythingBack()
    {
        var (ns, backup) = await BackedUpNamespaceAsync();
        await Client.CoreV1.DeleteNamespaceAsync(ns).DefaultTimeout();
        (await ConfigMapsAsync(ns)).ShouldBeEmpty();

        var created = await Restores.CreateRestoreAsync(BackupsFixture.Admin, Watched, null, new RestoreRequest { BackupName = backup }, CancellationToken.None).DefaultTimeout();
        await CompletedAsync(created.Name);

        (await ConfigMapsAsync(ns)).ShouldBe(["db-1", "web-1", "web-2"]);
        var items = await Restores.GetRestoredItemsAsync(BackupsFixture.Viewer, Watched, created.Name, CancellationToken.None).DefaultTimeout();
        items.Where(i => i.GroupVersionKind == "v1/ConfigMap").Select(i => $"{i.Namespace}/{i.Name}({i.Action})")
            .ShouldBe([$"{ns}/db-1(created)", $"{ns}/web-1(created)", $"{ns}/web-2(created)"], ignoreOrder: true);
        created.Command.ShouldStartWith($"velero restore create {created.Name} --from-backup {backup}");
    }

    [Fact]
    public async Task LabelSubset_MappedIntoANewNamespace_TakesOnlyTheMatchingObjects()
    {
        var (ns, backup) = await BackedUpNamespaceAsync();
        var target = ns + "-copy";
        var request = new RestoreRequest
        {
            BackupName = backup,
            IncludedNamespaces = [ns],
            LabelSelector = "app=web",
            NamespaceMapping = new Dictionary<string, string> { [ns] = target },
        };

        var created = await Restores.CreateRestoreAsync(BackupsFixture.Admin, Watched, "web-copy-" + ns[^8..], request, CancellationToken.None).DefaultTimeout();
        var done = await CompletedAsync(created.Name);

        (await ConfigMapsAsync(target)).ShouldBe(["web-1", "web-2"]);
        (await ConfigMapsAsync(ns)).ShouldBe(["db-1", "web-1", "web-2"]);
        done.RequestedBy.ShouldBe(BackupsFixture.Admin.Name);
    }

    [Fact]
    public async Task NamespaceSubset_RestoresOnlyThatNamespace()
    {
        var (first, second) = (await NamespaceAsync(), await NamespaceAsync());
        var backup = await BackupAsync(first, second);
        await Client.CoreV1.DeleteNamespaceAsync(first).DefaultTimeout();
        await Client.CoreV1.DeleteNamespaceAsync(second).DefaultTimeout();

        var created = await Restores.CreateRestoreAsync(BackupsFixture.Admin, Watched, null,
            new RestoreRequest { BackupName = backup, IncludedNamespaces = [second] }, CancellationToken.None).DefaultTimeout();
        await CompletedAsync(created.Name);

        (await ConfigMapsAsync(second)).ShouldBe(["db-1", "web-1", "web-2"]);
        (await Client.CoreV1.ListNamespaceAsync().DefaultTimeout()).Items.Select(n => n.Metadata.Name).ShouldNotContain(first);
    }

    [Fact]
    public async Task ABackupThatIsNotFinished_IsRefusedNamingTheField_AndNothingIsCreated()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var running = await fixture.CreateBackupAsync(Watched, await fixture.NamespaceWithConfigMapsAsync(Watched, 60));
        await changes.NextAsync(c => c.Name == running && c.Phase == BackupPhases.InProgress);

        var error = await Should.ThrowAsync<ValidationException>(Restores.CreateRestoreAsync(BackupsFixture.Admin, Watched, "too-early-" + running,
            new RestoreRequest { BackupName = running }, CancellationToken.None).DefaultTimeout());

        error.Field.ShouldBe("backupName");
        error.Message.ShouldContain("only Completed or PartiallyFailed");
        (await Restores.ListRestoresAsync(BackupsFixture.Viewer, Watched, CancellationToken.None)).Items.ShouldNotContain(r => r.Name == "too-early-" + running);
        await changes.NextAsync(c => c.Name == running && c.Phase == BackupPhases.Completed);
    }

    [Fact]
    public async Task AMissingBackup_AndAViewer_AreRefused()
    {
        var missing = await Should.ThrowAsync<ValidationException>(Restores.CreateRestoreAsync(BackupsFixture.Admin, Watched, null,
            new RestoreRequest { BackupName = "no-such-backup" }, CancellationToken.None).DefaultTimeout());
        missing.Message.ShouldContain("there is no backup no-such-backup");

        await Should.ThrowAsync<ForbiddenException>(Restores.CreateRestoreAsync(BackupsFixture.Viewer, Watched, null,
            new RestoreRequest { BackupName = "any" }, CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task InPlace_OverAChangedObject_WarnsInItsNamespace_AndTheWatchCarriesTheProgress()
    {
        var (ns, backup) = await BackedUpNamespaceAsync();
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"changed":"after the backup"}}""", V1Patch.PatchType.MergePatch),
            "web-1", ns).DefaultTimeout();
        using var changes = new FeedRecorder<RestoreChange>(fixture.App.Service<RestoreChanges>());

        var created = await Restores.CreateRestoreAsync(BackupsFixture.Admin, Watched, null,
            new RestoreRequest { BackupName = backup, IncludedNamespaces = [ns] }, CancellationToken.None).DefaultTimeout();
        var seen = new List<RestoreSummary>();
        do
            seen.Add((await changes.NextAsync(c => c.Cluster == Watched && c.Name == created.Name)).Restore!);
        while (seen[^1].Phase is "New" or "InProgress" or "Finalizing");

        seen.Select(r => r.Phase).Distinct().ShouldBe(["New", "InProgress", "Finalizing", "Completed"]);
        seen.ShouldContain(r => r.Phase == "InProgress" && r.ItemsRestored < r.TotalItems, "progress moves through the watch, not only the end");
        (seen[^1].ItemsRestored, seen[^1].Warnings).ShouldBe((seen[^1].TotalItems, 1));
        var results = await Restores.GetRestoreResultsAsync(BackupsFixture.Viewer, Watched, created.Name, CancellationToken.None).DefaultTimeout();
        results.Warnings.Namespaces[ns].ShouldHaveSingleItem().ShouldContain("could not restore, ConfigMap \"web-1\" already exists");
        results.Errors.Namespaces.ShouldBeEmpty();
        (await Client.CoreV1.ReadNamespacedConfigMapAsync("web-1", ns).DefaultTimeout()).Data["changed"].ShouldBe("after the backup");
    }

    private async Task<RestoreSummary> CompletedAsync(string name) =>
        await VeleroFixture.WaitAsync(async () =>
        {
            var restore = await Restores.GetRestoreAsync(BackupsFixture.Viewer, Watched, name, CancellationToken.None);
            restore.Phase.ShouldNotBeOneOf("Failed", "FailedValidation", "PartiallyFailed");
            return restore.Phase == "Completed" ? restore : null;
        });

    private Task<(string Ns, string Backup)> BackedUpNamespaceAsync() => RestoreScenario.BackedUpNamespaceAsync(fixture, Watched);

    private Task<string> NamespaceAsync() => RestoreScenario.NamespaceAsync(Client);

    private Task<string> BackupAsync(params string[] namespaces) => RestoreScenario.BackupAsync(fixture, Watched, namespaces);

    private Task<List<string>> ConfigMapsAsync(string ns) => RestoreScenario.ConfigMapsAsync(Client, ns);
}
