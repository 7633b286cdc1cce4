using System.Text.Json.Nodes;
using DataProtection.Sandbox;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Restores at a slow pace on a sandbox of their own, watched midway and cut off by a restart.</summary>
public sealed class SlowRestoreTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-velero-slow-restore-" + Guid.NewGuid().ToString("N"));
    private S3Server _s3 = null!;

    private Task<SandboxServer> StartAsync() =>
        SandboxServer.StartAsync(new SandboxServerOptions(_directory, ClusterNames: ["sandbox"], Seed: false)
        {
            Velero = VeleroFixture.Options with { ItemDelay = TimeSpan.FromMilliseconds(200) },
        }).DefaultTimeout();

    private static IKubernetes Client(SandboxServer server) =>
        new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath, currentContext: "sandbox"));

    private static async Task<JsonObject> WaitForAsync(IKubernetes client, string plural, string name, Func<JsonObject, bool> condition) =>
        await VeleroFixture.WaitAsync(async () =>
        {
            var obj = JsonNode.Parse(KubernetesJson.Serialize(
                await client.CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, plural, name).DefaultTimeout()))!.AsObject();
            return condition(obj) ? obj : null;
        });

    private static Task CreateAsync(IKubernetes client, string plural, string json) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(JsonNode.Parse(json), "velero.io", "v1", VeleroFixture.Namespace, plural).DefaultTimeout();

    /// <summary>Namespace "shop" with 8 config maps, backed up as "shop" and then deleted; the restore "slow" is started.</summary>
    private async Task StartSlowRestoreAsync(IKubernetes client)
    {
        await VeleroFixture.InstallVeleroAsync(client, _s3);
        using (var bucket = ObjectStore.S3TestClients.Create(_s3.Endpoint, _s3.AccessKey, _s3.SecretKey, _s3.Region))
            await bucket.PutBucketAsync("velero").DefaultTimeout();
        await CreateAsync(client, "backupstoragelocations", """
            {"apiVersion":"velero.io/v1","kind":"BackupStorageLocation","metadata":{"name":"default"},
             "spec":{"provider":"aws","default":true,"objectStorage":{"bucket":"velero"},"config":{"region":"REGION","s3ForcePathStyle":"true","s3Url":"URL"}}}
            """.Replace("REGION", _s3.Region).Replace("URL", _s3.Endpoint.ToString()));
        await WaitForAsync(client, "backupstoragelocations", "default", l => (string?)l["status"]?["phase"] == "Available");
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "shop" } }).DefaultTimeout();
        for (var i = 0; i < 8; i++)
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = $"cm{i}" } }, "shop").DefaultTimeout();
        await CreateAsync(client, "backups", """{"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"shop"},"spec":{"includedNamespaces":["shop"]}}""");
        await WaitForAsync(client, "backups", "shop", b => (string?)b["status"]?["phase"] == "Completed");
        await RestoreTestKit.DeleteNamespaceAsync(client, "shop");
        await CreateAsync(client, "restores", """{"apiVersion":"velero.io/v1","kind":"Restore","metadata":{"name":"slow"},"spec":{"backupName":"shop"}}""");
    }

    [Fact]
    public async Task Restore_ItemDelay_ProgressAdvancesThenCompleted()
    {
        await using var server = await StartAsync();
        var client = Client(server);
        await StartSlowRestoreAsync(client);

        var midway = await WaitForAsync(client, "restores", "slow", r => (int?)r["status"]?["progress"]?["itemsRestored"] is > 0 and < 9);

        ((string?)midway["status"]!["phase"]).ShouldBe("InProgress");
        ((int?)midway["status"]!["progress"]!["totalItems"]).ShouldBe(9);
        var completed = await WaitForAsync(client, "restores", "slow", r => (string?)r["status"]?["phase"] is "Completed" or "PartiallyFailed" or "Failed");
        ((string?)completed["status"]!["phase"]).ShouldBe("Completed");
        ((int?)completed["status"]!["progress"]!["itemsRestored"]).ShouldBe(9);
        (await client.CoreV1.ListNamespacedConfigMapAsync("shop").DefaultTimeout()).Items.Count.ShouldBe(8);
    }

    [Fact]
    public async Task Restart_RestoreInProgress_FailedWithVeleroReason()
    {
        await using (var first = await StartAsync())
        {
            var client = Client(first);
            await StartSlowRestoreAsync(client);
            await WaitForAsync(client, "restores", "slow", r => (int?)r["status"]?["progress"]?["itemsRestored"] is > 0 and < 9);
        }

        await using var second = await StartAsync();
        var failed = await WaitForAsync(Client(second), "restores", "slow", r => (string?)r["status"]?["phase"] != "InProgress");
        ((string?)failed["status"]!["phase"]).ShouldBe("Failed");
        ((string?)failed["status"]!["failureReason"]).ShouldBe("found a restore with status \"InProgress\" during the server starting, mark it as \"Failed\"");
    }

    public async Task InitializeAsync() =>
        _s3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(_directory, "s3"))).DefaultTimeout();

    public async Task DisposeAsync()
    {
        await _s3.DisposeAsync().AsTask().DefaultTimeout();
        Directory.Delete(_directory, recursive: true);
    }
}
