using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Core.Data;
using DataProtection.Core.Restores;
using DataProtection.Sandbox;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataProtection.Tests.Integration.Backups;

/// <summary>
/// One cluster's watch loop against a sandbox of its own with only Velero's CRDs (no controller), so every request the
/// sandbox records is the watch's own.
/// </summary>
[Collection(BackupsCollection.Name)]
public sealed class ClusterWatchTests(BackupsFixture fixture) : IAsyncLifetime
{
    private const string Cluster = "loop";
    private const string Crds = "/work/shared/velero/crds/v1";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-watch-" + Guid.NewGuid().ToString("N"));
    private readonly int _clusterId = Random.Shared.Next(100_000, 1_000_000);
    private SandboxServer? _server;

    [Fact]
    public async Task Watch_Idle_MakesOneRequestPerResourcePerWatchTimeout()
    {
        var (client, cluster) = await StartAsync(bookmarks: TimeSpan.FromMilliseconds(200));
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        using var stop = new CancellationTokenSource();
        cluster.Requests.Reset();

        var running = Watch(client, timeoutSeconds: 3).RunAsync(stop.Token);
        await changes.NextAsync(c => c.Cluster == Cluster);
        // Longer than one server timeout (3 s) and shorter than two: each first watch has ended, each second is still open.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var requests = cluster.Requests.Snapshot();
        await stop.CancelAsync();
        await running.DefaultTimeout();

        foreach (var plural in new[] { "backups", "podvolumebackups", "backupstoragelocations", "restores" })
        {
            var own = requests.Where(r => r.Path.EndsWith("/" + plural, StringComparison.Ordinal)).ToList();
            own.Select(r => r.Verb).ShouldBe(["list", "watch"], $"{plural}: {string.Join(", ", own.Select(r => r.Verb + "?" + r.Query))}");
            own[1].Query.ShouldContain("allowWatchBookmarks=true");
            own[1].Query.ShouldContain("timeoutSeconds=3");
            own[1].Status.ShouldBe(200);
            own[1].ResponseBytes.ShouldBeGreaterThan(0, "the idle watch should have carried bookmarks");
        }
        requests.Count.ShouldBe(8);
    }

    [Fact]
    public async Task Watch_VersionCompactedAway_RelistsOn410AndKeepsRecording()
    {
        // Bookmarks are rare here, so the watch still holds the list's version when it reconnects after its 1 s timeout.
        var (client, cluster) = await StartAsync(bookmarks: TimeSpan.FromMinutes(5));
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        using var stop = new CancellationTokenSource();
        var running = Watch(client, timeoutSeconds: 1).RunAsync(stop.Token);
        await changes.NextAsync(c => c.Cluster == Cluster && c.Name == "");
        await changes.NextAsync(c => c.Cluster == Cluster && c.Name == "");

        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "moves-the-version" } }, "velero").DefaultTimeout();
        cluster.CompactHistory();
        // Both loops relist after their 410; wait for the backups' one.
        var backupLists = 1;
        for (var relists = 0; backupLists < 2 && relists < 10; relists++)
        {
            await changes.NextAsync(c => c.Cluster == Cluster && c.Name == "");
            backupLists = cluster.Requests.Count(r => r.Verb == "list" && r.Path.EndsWith("/backups", StringComparison.Ordinal));
        }
        await CreateBackupAsync(client, "after-relist");
        var added = await changes.NextAsync(c => c.Cluster == Cluster && c.Name == "after-relist");
        await stop.CancelAsync();
        await running.DefaultTimeout();

        backupLists.ShouldBe(2);
        added.Phase.ShouldBe("New");
        (await FindAsync("after-relist")).ShouldNotBeNull();
    }

    [Fact]
    public async Task Watch_LocationCreated_PublishesALocationNoticeAndRecordsNoBackup()
    {
        var (client, _) = await StartAsync(bookmarks: TimeSpan.FromMinutes(5));
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        using var stop = new CancellationTokenSource();
        var running = Watch(client, timeoutSeconds: 60).RunAsync(stop.Token);
        await changes.NextAsync(c => c.Cluster == Cluster && c.IsLocation);

        await client.CustomObjects.CreateNamespacedCustomObjectAsync(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "BackupStorageLocation",
            ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = "velero" },
            ["spec"] = new JsonObject { ["provider"] = "aws", ["objectStorage"] = new JsonObject { ["bucket"] = "b" } },
        }, "velero.io", "v1", "velero", "backupstoragelocations").DefaultTimeout();
        var notice = await changes.NextAsync(c => c.Cluster == Cluster && c.IsLocation);
        await stop.CancelAsync();
        await running.DefaultTimeout();

        (notice.Name, notice.Phase, notice.Deleted).ShouldBe(("", "", false));
        (await FindAsync("default")).ShouldBeNull();
    }

    private ClusterWatch Watch(k8s.Kubernetes client, int timeoutSeconds) => new(_clusterId, Cluster, client, "velero",
        new BackupsOptions { WatchTimeoutSeconds = timeoutSeconds, MinBackoffMilliseconds = 100 },
        new BackupHistoryStore(fixture.App.Service<IDbContextFactory<AppDbContext>>(), TimeProvider.System),
        fixture.App.Service<BackupChanges>(), fixture.App.Service<RestoreChanges>(), fixture.App.Service<BackupDownloads>(), NullLogger.Instance);

    [Fact]
    public async Task Watch_RestoreProgresses_PublishesItsStateAndItsDeletion()
    {
        var (client, _) = await StartAsync(bookmarks: TimeSpan.FromMinutes(5));
        using var changes = new FeedRecorder<RestoreChange>(fixture.App.Service<RestoreChanges>());
        using var stop = new CancellationTokenSource();
        var running = Watch(client, timeoutSeconds: 60).RunAsync(stop.Token);
        await changes.NextAsync(c => c.Cluster == Cluster && c.IsRelist);

        await client.CustomObjects.CreateNamespacedCustomObjectAsync(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Restore",
            ["metadata"] = new JsonObject { ["name"] = "r1", ["namespace"] = "velero" },
            ["spec"] = new JsonObject { ["backupName"] = "b1" },
        }, "velero.io", "v1", "velero", "restores").DefaultTimeout();
        var added = await changes.NextAsync(c => c.Cluster == Cluster && c.Name == "r1");
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(
            """{"status":{"phase":"InProgress","progress":{"itemsRestored":3,"totalItems":10}}}""", V1Patch.PatchType.MergePatch),
            "velero.io", "v1", "velero", "restores", "r1").DefaultTimeout();
        var progressed = await changes.NextAsync(c => c.Cluster == Cluster && c.Name == "r1");
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync("velero.io", "v1", "velero", "restores", "r1").DefaultTimeout();
        var deleted = await changes.NextAsync(c => c.Cluster == Cluster && c.Name == "r1");
        await stop.CancelAsync();
        await running.DefaultTimeout();

        (added.Restore!.Phase, added.Restore.BackupName).ShouldBe(("New", "b1"));
        (progressed.Restore!.Phase, progressed.Restore.ItemsRestored, progressed.Restore.TotalItems, progressed.Restore.Percent).ShouldBe(("InProgress", 3, 10, 30.0));
        deleted.Restore.ShouldBeNull();
    }

    private async Task<BackupRecord?> FindAsync(string name)
    {
        await using var db = await fixture.App.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.BackupRecords.SingleOrDefaultAsync(b => b.ClusterId == _clusterId && b.Name == name);
    }

    private async Task<(k8s.Kubernetes Client, SandboxCluster Cluster)> StartAsync(TimeSpan bookmarks)
    {
        _server = await SandboxServer.StartAsync(new SandboxServerOptions(_directory, ClusterNames: [Cluster], Seed: false) { BookmarkInterval = bookmarks })
            .DefaultTimeout();
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.KubeconfigPath, currentContext: Cluster);
        // Shorter than the watches' server timeout, as Clusters:TimeoutSeconds is: it must bound only the response headers.
        config.HttpClientTimeout = TimeSpan.FromSeconds(2);
        var client = new k8s.Kubernetes(config);
        foreach (var crd in new[] { "velero.io_backups.yaml", "velero.io_podvolumebackups.yaml", "velero.io_backupstoragelocations.yaml", "velero.io_restores.yaml" })
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(
                await KubernetesYaml.LoadFromFileAsync<V1CustomResourceDefinition>(Path.Combine(Crds, crd))).DefaultTimeout();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "velero" } }).DefaultTimeout();
        return (client, _server[Cluster]);
    }

    private static Task CreateBackupAsync(k8s.Kubernetes client, string name) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero" },
            ["spec"] = new JsonObject(),
        }, "velero.io", "v1", "velero", "backups").DefaultTimeout();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync().AsTask().DefaultTimeout();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being flushed by the sandbox; the temp folder is cleaned by the OS.
        }
    }
}
