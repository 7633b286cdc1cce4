using System.Text.Json.Nodes;
using DataProtection.Sandbox;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Backups at a slow pace on a sandbox of their own, which is stopped and started again mid-backup.</summary>
public sealed class SlowBackupTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-velero-restart-" + Guid.NewGuid().ToString("N"));
    private S3Server _s3 = null!;

    private Task<SandboxServer> StartAsync() =>
        SandboxServer.StartAsync(new SandboxServerOptions(_directory, ClusterNames: ["sandbox"], Seed: false)
        {
            Velero = VeleroFixture.Options with { ItemDelay = TimeSpan.FromMilliseconds(300) },
        }).DefaultTimeout();

    private static IKubernetes Client(SandboxServer server) =>
        new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath, currentContext: "sandbox"));

    private static async Task<JsonObject> WaitForBackupAsync(IKubernetes client, Func<JsonObject, bool> condition, string name = "slow") =>
        await VeleroFixture.WaitAsync(async () =>
        {
            var backup = JsonNode.Parse(KubernetesJson.Serialize(
                await client.CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "backups", name).DefaultTimeout()))!.AsObject();
            return condition(backup) ? backup : null;
        });

    private async Task SeedAsync(IKubernetes client)
    {
        await VeleroFixture.InstallVeleroAsync(client, _s3);
        await CreateDefaultLocationAsync(client);
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "shop" } }).DefaultTimeout();
        for (var i = 0; i < 8; i++)
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = $"cm{i}" } }, "shop").DefaultTimeout();
    }

    private static async Task CreateBackupAsync(IKubernetes client, string name)
    {
        var backup = JsonNode.Parse("""{"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"NAME"},"spec":{"includedNamespaces":["shop"]}}""".Replace("NAME", name));
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(backup, "velero.io", "v1", VeleroFixture.Namespace, "backups").DefaultTimeout();
    }

    [Fact]
    public async Task Backup_WhileAnotherRuns_QueuedWithPositionThenCompleted()
    {
        await using var server = await StartAsync();
        var client = Client(server);
        await SeedAsync(client);
        await CreateBackupAsync(client, "slow");
        await WaitForBackupAsync(client, b => (string?)b["status"]?["phase"] == "InProgress");

        await CreateBackupAsync(client, "second");

        var queued = await WaitForBackupAsync(client, b => (string?)b["status"]?["phase"] is not null, "second");
        ((string?)queued["status"]!["phase"]).ShouldBe("Queued");
        ((int?)queued["status"]!["queuePosition"]).ShouldBe(1);
        var completed = await WaitForBackupAsync(client, b => (string?)b["status"]?["phase"] is "Completed" or "Failed", "second");
        ((string?)completed["status"]!["phase"]).ShouldBe("Completed");
        completed["status"]!["queuePosition"].ShouldBeNull();
    }

    [Fact]
    public async Task Restart_BackupInProgress_FailedWithVeleroReason()
    {
        await using (var first = await StartAsync())
        {
            var client = Client(first);
            await SeedAsync(client);
            await CreateBackupAsync(client, "slow");

            var midway = await WaitForBackupAsync(client, b => (int?)b["status"]?["progress"]?["itemsBackedUp"] is > 0 and < 9);

            ((string?)midway["status"]!["phase"]).ShouldBe("InProgress");
            ((int?)midway["status"]!["progress"]!["totalItems"]).ShouldBe(9);
        }

        await using var second = await StartAsync();
        var failed = await WaitForBackupAsync(Client(second), b => (string?)b["status"]?["phase"] != "InProgress");
        ((string?)failed["status"]!["phase"]).ShouldBe("Failed");
        ((string?)failed["status"]!["failureReason"]).ShouldBe("found a backup with status \"InProgress\" during the server starting, mark it as \"Failed\"");
    }

    private async Task CreateDefaultLocationAsync(IKubernetes client)
    {
        using var bucket = ObjectStore.S3TestClients.Create(_s3.Endpoint, _s3.AccessKey, _s3.SecretKey, _s3.Region);
        await bucket.PutBucketAsync("velero").DefaultTimeout();
        var location = JsonNode.Parse("""
            {"apiVersion":"velero.io/v1","kind":"BackupStorageLocation","metadata":{"name":"default"},
             "spec":{"provider":"aws","default":true,"objectStorage":{"bucket":"velero"},"config":{"s3ForcePathStyle":"true"}}}
            """)!;
        location["spec"]!["config"]!["region"] = _s3.Region;
        location["spec"]!["config"]!["s3Url"] = _s3.Endpoint.ToString();
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(location, "velero.io", "v1", VeleroFixture.Namespace, "backupstoragelocations").DefaultTimeout();
    }

    public async Task InitializeAsync() =>
        _s3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(_directory, "s3"))).DefaultTimeout();

    public async Task DisposeAsync()
    {
        await _s3.DisposeAsync().AsTask().DefaultTimeout();
        Directory.Delete(_directory, recursive: true);
    }
}
