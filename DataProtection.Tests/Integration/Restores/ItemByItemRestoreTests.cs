using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Restores;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using k8s;
using k8s.Models;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Tests.Integration.Restores;

/// <summary>
/// Hand-picked objects: through Velero when one filter selects exactly them, otherwise restored by the dashboard one by one
/// from the archive, cleaned and labelled as Velero does, and kept in the restores history like Velero's own.
/// </summary>
[Collection(BackupsCollection.Name)]
public sealed class ItemByItemRestoreTests(BackupsFixture fixture)
{
    private const string Watched = BackupsFixture.Watched;

    private RestoreService Restores => fixture.App.Service<RestoreService>();

    private Kubernetes Client => fixture.Client(Watched);

    [Fact]
    public async Task PickedObjectsNoFilterSelects_AreRestoredOneByOne_IntoAMappedNamespace_CleanedLabelledAndRecorded()
    {
        var ns = await RestoreScenario.NamespaceAsync(Client);
        var source = await Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new() { Name = "web", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new() { ClusterIP = "10.96.7.7", Ports = [new V1ServicePort { Name = "http", Port = 80, NodePort = 30080 }], Type = "NodePort" },
        }, ns).DefaultTimeout();
        var backup = await RestoreScenario.BackupAsync(fixture, Watched, ns);
        var target = ns + "-picked";
        var request = new RestoreRequest
        {
            BackupName = backup,
            Items = [new("configmaps", ns, "web-1"), new("configmaps", ns, "db-1"), new("services", ns, "web")],
            NamespaceMapping = new Dictionary<string, string> { [ns] = target },
        };
        using var changes = new FeedRecorder<RestoreChange>(fixture.App.Service<RestoreChanges>());

        var preview = await fixture.App.Service<RestorePreviewService>().PreviewAsync(BackupsFixture.Admin, Watched, request, CancellationToken.None).DefaultTimeout();
        var created = await Restores.CreateRestoreAsync(BackupsFixture.Admin, Watched, null, request, CancellationToken.None).DefaultTimeout();
        var done = await FinishedAsync(changes, created.Name);

        created.Command.ShouldContain("No Velero filter selects exactly these 3 objects");
        (done.Phase, done.ItemsRestored, done.TotalItems, done.Errors).ShouldBe(("Completed", 3, 3, 0));
        (await RestoreScenario.ConfigMapsAsync(Client, target)).ShouldBe(["db-1", "web-1"]);
        var restored = await Client.CoreV1.ReadNamespacedConfigMapAsync("web-1", target).DefaultTimeout();
        restored.Metadata.Labels.ShouldContainKeyAndValue("velero.io/restore-name", created.Name);
        restored.Metadata.Labels.ShouldContainKeyAndValue("velero.io/backup-name", backup);
        restored.Metadata.Labels.ShouldContainKeyAndValue("app", "web");
        var service = await Client.CoreV1.ReadNamespacedServiceAsync("web", target).DefaultTimeout();
        service.Spec.ClusterIP.ShouldNotBe(source.Spec.ClusterIP);
        service.Spec.Ports.Single().NodePort.ShouldNotBe(30080, "node ports are not preserved unless asked");
        service.Metadata.Uid.ShouldNotBe(source.Metadata.Uid);
        (await Client.CustomObjects.ListNamespacedCustomObjectAsync("velero.io", "v1", "velero", "restores").DefaultTimeout()).ToString()!
            .ShouldNotContain(created.Name, customMessage: "Velero was not asked: no Restore CR");

        var items = await Restores.GetRestoredItemsAsync(BackupsFixture.Viewer, Watched, created.Name, CancellationToken.None).DefaultTimeout();
        var actions = items.Select(i => (i.Namespace, i.Name, i.Action)).ToList();
        actions.ShouldBe([(null, target, "created"), (target, "db-1", "created"), (target, "web-1", "created"), (target, "web", "created")], ignoreOrder: true);
        preview.Items.Select(p => (p.Namespace, p.Name, p.Action + "d")).ShouldBe(actions, ignoreOrder: true);
        (await Restores.ListRestoresAsync(BackupsFixture.Viewer, Watched, CancellationToken.None)).Items
            .ShouldContain(r => r.Name == created.Name && r.Phase == "Completed" && r.Scope.Contains("item by item"));
        (await Restores.GetRestoreLogAsync(BackupsFixture.Viewer, Watched, created.Name, "Restored", CancellationToken.None)).Lines.Count.ShouldBe(3);
        var audit = await fixture.App.Service<AuditService>().ListAsync(new AuditQuery(Action: RestoreService.CreateAction), new(0, 50), CancellationToken.None);
        var entry = audit.Items.Single(e => e.TargetName == created.Name);
        entry.Parameters.ShouldNotBeNull().ShouldContain("item-by-item");
        entry.Parameters.ShouldContain("db-1");
    }

    [Fact]
    public async Task ExistingObjects_TheSameAreSkipped_TheChangedWarnedAboutWithPolicyNone_AndUpdatedWithPolicyUpdate()
    {
        var (ns, backup) = await RestoreScenario.BackedUpNamespaceAsync(fixture, Watched);
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"changed":"yes"}}""", V1Patch.PatchType.MergePatch), "web-1", ns).DefaultTimeout();
        var request = new RestoreRequest { BackupName = backup, Items = [new("configmaps", ns, "web-1"), new("configmaps", ns, "db-1")] };
        using var changes = new FeedRecorder<RestoreChange>(fixture.App.Service<RestoreChanges>());

        var kept = await Restores.CreateRestoreAsync(BackupsFixture.Admin, Watched, null, request, CancellationToken.None).DefaultTimeout();
        var keptDone = await FinishedAsync(changes, kept.Name);
        var keptItems = await Restores.GetRestoredItemsAsync(BackupsFixture.Viewer, Watched, kept.Name, CancellationToken.None).DefaultTimeout();
        var warnings = await Restores.GetRestoreResultsAsync(BackupsFixture.Viewer, Watched, kept.Name, CancellationToken.None).DefaultTimeout();
        var changed = await Client.CoreV1.ReadNamespacedConfigMapAsync("web-1", ns).DefaultTimeout();

        var updated = await Restores.CreateRestoreAsync(BackupsFixture.Admin, Watched, "upd-" + ns, request with { ExistingResourcePolicy = ExistingResourcePolicy.Update },
            CancellationToken.None).DefaultTimeout();
        await FinishedAsync(changes, updated.Name);
        var updatedItems = await Restores.GetRestoredItemsAsync(BackupsFixture.Viewer, Watched, updated.Name, CancellationToken.None).DefaultTimeout();
        var reverted = await Client.CoreV1.ReadNamespacedConfigMapAsync("web-1", ns).DefaultTimeout();

        (keptDone.Phase, keptDone.Warnings).ShouldBe(("Completed", 1));
        keptItems.Select(i => (i.Name, i.Action)).ShouldBe([("db-1", "skipped"), ("web-1", "failed")], ignoreOrder: true);
        warnings.Warnings.Namespaces[ns].ShouldHaveSingleItem().ShouldContain("could not restore, ConfigMap \"web-1\" already exists");
        changed.Data["changed"].ShouldBe("yes");
        updatedItems.Select(i => (i.Name, i.Action)).ShouldBe([("db-1", "skipped"), ("web-1", "updated")], ignoreOrder: true);
        (reverted.Data?.ContainsKey("changed") ?? false).ShouldBeFalse();
        reverted.Metadata.Labels.ShouldContainKeyAndValue("velero.io/restore-name", updated.Name);
    }

    [Fact]
    public async Task PickedObjectsAFilterSelects_GoThroughVelero_AndAnObjectNotInTheBackup_IsRefused()
    {
        var (ns, backup) = await RestoreScenario.BackedUpNamespaceAsync(fixture, Watched);
        var target = ns + "-web";
        var request = new RestoreRequest
        {
            BackupName = backup,
            Items = [new("configmaps", ns, "web-1"), new("configmaps", ns, "web-2")],
            NamespaceMapping = new Dictionary<string, string> { [target[..^4]] = target },
        };

        var created = await Restores.CreateRestoreAsync(BackupsFixture.Admin, Watched, null, request, CancellationToken.None).DefaultTimeout();
        var missing = await Should.ThrowAsync<ValidationException>(Restores.CreateRestoreAsync(BackupsFixture.Admin, Watched, "never-" + ns,
            request with { Items = [new("configmaps", ns, "web-1"), new("configmaps", ns, "nope")] }, CancellationToken.None).DefaultTimeout());

        var restore = (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(await Client.CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", "velero", "restores",
            created.Name).DefaultTimeout()))!;
        ((string?)restore["spec"]!["labelSelector"]!["matchLabels"]!["app"]).ShouldBe("web");
        restore["spec"]!["includedNamespaces"]!.AsArray().Select(n => (string?)n).ShouldBe([ns]);
        created.Command.ShouldContain("--selector app=web");
        var audit = await fixture.App.Service<AuditService>().ListAsync(new AuditQuery(Action: RestoreService.CreateAction), new(0, 50), CancellationToken.None);
        var entry = audit.Items.Single(e => e.TargetName == created.Name).Parameters.ShouldNotBeNull();
        entry.ShouldContain("velero-filter");
        entry.ShouldContain("web-2", customMessage: "the picked objects are audited, not only the filter made of them");
        missing.Field.ShouldBe("items");
        missing.Message.ShouldContain($"holds no configmaps {ns}/nope");
        (await Restores.ListRestoresAsync(BackupsFixture.Viewer, Watched, CancellationToken.None)).Items.ShouldNotContain(r => r.Name == "never-" + ns);
    }

    [Fact]
    public async Task PickedObjectsOfAnotherClustersBackup_AreReadFromItsArchive_AndRestoredIntoTheTarget()
    {
        await fixture.MakeReadyAsync(BackupsFixture.Unwatched);
        var (ns, backup) = await RestoreScenario.BackedUpNamespaceAsync(fixture, Watched);
        var request = new RestoreRequest { SourceCluster = Watched, BackupName = backup, Items = [new("configmaps", ns, "web-1"), new("configmaps", ns, "db-1")] };
        using var changes = new FeedRecorder<RestoreChange>(fixture.App.Service<RestoreChanges>());

        var created = await Restores.CreateRestoreAsync(BackupsFixture.Admin, BackupsFixture.Unwatched, null, request, CancellationToken.None).DefaultTimeout();
        var done = (await changes.NextAsync(c => c.Cluster == BackupsFixture.Unwatched && c.Name == created.Name && c.Restore is { Phase: "Completed" or "Failed" or "PartiallyFailed" })).Restore!;

        (done.Phase, done.ItemsRestored, done.Scope).ShouldBe(("Completed", 2, $"2 picked objects, item by item, from {Watched}"));
        (await RestoreScenario.ConfigMapsAsync(fixture.Client(BackupsFixture.Unwatched), ns)).ShouldBe(["db-1", "web-1"]);
        created.Command.ShouldContain("No Velero filter selects exactly these 2 objects", customMessage: "read from the source's archive, with no sync to wait for");
    }

    [Fact]
    public async Task ARunInterruptedMidway_RunsAgainCountingItsOwnObjects_AndARunNeverEnqueued_IsPickedUpAtStart()
    {
        var (ns, backup) = await RestoreScenario.BackedUpNamespaceAsync(fixture, Watched);
        var request = new RestoreRequest
        {
            BackupName = backup,
            Items = [new("configmaps", ns, "web-1"), new("configmaps", ns, "db-1")],
            NamespaceMapping = new Dictionary<string, string> { [ns] = ns + "-again" },
        };
        using var changes = new FeedRecorder<RestoreChange>(fixture.App.Service<RestoreChanges>());
        var created = await Restores.CreateRestoreAsync(BackupsFixture.Admin, Watched, null, request, CancellationToken.None).DefaultTimeout();
        await FinishedAsync(changes, created.Name);
        var dbFactory = fixture.App.Service<IDbContextFactory<AppDbContext>>();

        // As if the process had stopped after writing the objects but before recording the end; then as if it had stopped before the enqueue.
        long id;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var run = await db.ItemRestoreRuns.SingleAsync(r => r.Name == created.Name);
            (id, run.Phase, run.CompletedUtc, run.ResourceListJson) = (run.Id, "InProgress", null, null);
            await db.SaveChangesAsync();
        }
        await fixture.App.Service<ItemRestoreJob>().RunAsync(id, CancellationToken.None).DefaultTimeout();
        var rerun = await Restores.GetRestoredItemsAsync(BackupsFixture.Viewer, Watched, created.Name, CancellationToken.None).DefaultTimeout();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.ItemRestoreRuns.Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Phase, "New").SetProperty(r => r.JobId, (string?)null));
        }
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("db-1", ns + "-again").DefaultTimeout();
        using var afterRecovery = new FeedRecorder<RestoreChange>(fixture.App.Service<RestoreChanges>());
        var recovered = await Restores.EnqueueOrphanedItemRestoresAsync(CancellationToken.None).DefaultTimeout();
        var done = await FinishedAsync(afterRecovery, created.Name);

        rerun.Where(i => i.GroupVersionKind == "v1/ConfigMap").Select(i => (i.Name, i.Action)).ShouldBe([("db-1", "created"), ("web-1", "created")], ignoreOrder: true);
        recovered.ShouldBe(1);
        (done.Phase, done.Warnings).ShouldBe(("Completed", 0));
        (await RestoreScenario.ConfigMapsAsync(Client, ns + "-again")).ShouldBe(["db-1", "web-1"]);
    }

    private static async Task<RestoreSummary> FinishedAsync(FeedRecorder<RestoreChange> changes, string name) =>
        (await changes.NextAsync(c => c.Cluster == Watched && c.Name == name && c.Restore is { Phase: "Completed" or "PartiallyFailed" or "Failed" })).Restore!;
}
