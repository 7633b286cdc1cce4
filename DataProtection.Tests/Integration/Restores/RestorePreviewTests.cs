using DataProtection.Core.Backups;
using DataProtection.Core.Restores;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Integration.Restores;

/// <summary>The preview says, object for object, what the restore then does; it writes nothing itself.</summary>
[Collection(BackupsCollection.Name)]
public sealed class RestorePreviewTests(BackupsFixture fixture)
{
    private const string Watched = BackupsFixture.Watched;

    private Kubernetes Client => fixture.Client(Watched);

    [Fact]
    public async Task Preview_InPlaceWithOneObjectGone_MatchesWhatTheRestoreDid()
    {
        var (ns, backup) = await BackedUpNamespaceAsync();
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("web-1", ns).DefaultTimeout();
        var request = new RestoreRequest { BackupName = backup, IncludedNamespaces = [ns] };

        var preview = await Preview(request);
        (await ConfigMapsAsync(ns)).ShouldBe(["db-1", "web-2"]);
        var restored = await RestoreAsync(request);

        Lines(preview).ShouldBe([$"v1/ConfigMap {ns}/db-1 skip", $"v1/ConfigMap {ns}/web-1 create", $"v1/ConfigMap {ns}/web-2 skip"], ignoreOrder: true);
        Lines(restored).ShouldBe(Lines(preview), ignoreOrder: true);
    }

    [Fact]
    public async Task Preview_LabelSubsetIntoANewNamespace_MatchesWhatTheRestoreDid()
    {
        var (ns, backup) = await BackedUpNamespaceAsync();
        var target = ns + "-new";
        var request = new RestoreRequest
        {
            BackupName = backup, LabelSelector = "app=web", IncludedNamespaces = [ns], NamespaceMapping = new Dictionary<string, string> { [ns] = target },
        };

        var preview = await Preview(request);
        (await Client.CoreV1.ListNamespaceAsync().DefaultTimeout()).Items.Select(n => n.Metadata.Name).ShouldNotContain(target);
        var restored = await RestoreAsync(request);

        Lines(preview).ShouldBe([$"v1/Namespace {target} create", $"v1/ConfigMap {target}/web-1 create", $"v1/ConfigMap {target}/web-2 create"], ignoreOrder: true);
        Lines(restored).ShouldBe(Lines(preview), ignoreOrder: true);
    }

    [Fact]
    public async Task Preview_UpdatePolicy_UpdatesWhatDiffersAndSkipsWhatIsTheSame_AsTheRestoreThenDoes()
    {
        var (ns, backup) = await BackedUpNamespaceAsync();
        var web = await Client.CoreV1.ReadNamespacedConfigMapAsync("web-1", ns).DefaultTimeout();
        web.Data = new Dictionary<string, string> { ["changed"] = "yes" };
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(web, "web-1", ns).DefaultTimeout();
        var request = new RestoreRequest { BackupName = backup, IncludedNamespaces = [ns], LabelSelector = "app=web", ExistingResourcePolicy = ExistingResourcePolicy.Update };

        var preview = await Preview(request);
        var restored = await RestoreAsync(request);

        preview.Items.Select(i => (i.Name, i.Action, i.Differs)).ShouldBe([("web-1", "update", true), ("web-2", "skip", false)], ignoreOrder: true);
        Lines(restored).ShouldBe(Lines(preview), ignoreOrder: true);
    }

    [Fact]
    public async Task Preview_PolicyNone_SaysWhichExistingObjectsDiffer()
    {
        var (ns, backup) = await BackedUpNamespaceAsync();
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"tier":"edited"}}}""", V1Patch.PatchType.MergePatch),
            "db-1", ns).DefaultTimeout();

        var preview = await Preview(new RestoreRequest { BackupName = backup, IncludedNamespaces = [ns] });

        preview.Items.Select(i => (i.Name, i.Action, i.Differs)).ShouldBe([("db-1", "skip", true), ("web-1", "skip", false), ("web-2", "skip", false)], ignoreOrder: true);
    }

    private Task<RestorePreview> Preview(RestoreRequest request) =>
        fixture.App.Service<RestorePreviewService>().PreviewAsync(BackupsFixture.Viewer, Watched, request, CancellationToken.None).DefaultTimeout();

    private static IEnumerable<string> Lines(RestorePreview preview) =>
        preview.Items.Select(i => $"{(i.ApiVersion == "v1" ? "v1" : i.ApiVersion)}/{i.Kind} {(i.Namespace is null ? "" : i.Namespace + "/")}{i.Name} {i.Action}");

    // Velero's words for "left as it was" (skipped, or failed with an "already exists" warning) both mean the preview's skip.
    private static IEnumerable<string> Lines(IReadOnlyList<RestoredItem> items) =>
        items.Select(i => $"{i.GroupVersionKind} {(i.Namespace is null ? "" : i.Namespace + "/")}{i.Name} " + i.Action switch
        {
            "created" => "create",
            "updated" => "update",
            _ => "skip",
        });

    private async Task<IReadOnlyList<RestoredItem>> RestoreAsync(RestoreRequest request)
    {
        var restores = fixture.App.Service<RestoreService>();
        var created = await restores.CreateRestoreAsync(BackupsFixture.Admin, Watched, null, request, CancellationToken.None).DefaultTimeout();
        await VeleroFixture.WaitAsync(async () =>
        {
            var r = await restores.GetRestoreAsync(BackupsFixture.Viewer, Watched, created.Name, CancellationToken.None);
            return r.Phase is "Completed" or "PartiallyFailed" ? r : null;
        });
        return await restores.GetRestoredItemsAsync(BackupsFixture.Viewer, Watched, created.Name, CancellationToken.None).DefaultTimeout();
    }

    private Task<(string Ns, string Backup)> BackedUpNamespaceAsync() => RestoreScenario.BackedUpNamespaceAsync(fixture, Watched);

    private Task<List<string>> ConfigMapsAsync(string ns) => RestoreScenario.ConfigMapsAsync(Client, ns);
}
