using System.Text.Json.Nodes;
using DataProtection.Sandbox;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;
using static DataProtection.Tests.Sandbox.Velero.VolumeTestKit;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>
/// Pod volume backups at a byte pace, on a sandbox of their own where the node agent runs as a single pod on <see cref="VolumeTestKit.Node"/>
/// (no DaemonSet), so pods on other nodes have none.
/// </summary>
public sealed class PodVolumeProgressTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-velero-pvb-" + Guid.NewGuid().ToString("N"));
    private S3Server _s3 = null!;
    private SandboxServer _server = null!;
    private IKubernetes _client = null!;

    [Fact]
    public async Task PodVolumeBackup_WatchedWhileRunning_BytesDoneIncreasesToTotal()
    {
        var ns = await NamespaceAsync(_client);
        await ClaimAsync(_client, ns, "data", "32Mi");
        await PodAsync(_client, ns, "db-0", new Dictionary<string, string> { ["backup.velero.io/backup-volumes"] = "data" }, [Claim("data", "data")]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = _client.CustomObjects.WatchListNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "podvolumebackups",
            cancellationToken: stop.Token).GetAsyncEnumerator(stop.Token);

        await CreateBackupAsync(ns, "paced");

        var observed = new List<(string? Phase, long? Done, long? Total)>();
        while (observed.LastOrDefault().Phase != "Completed" && await events.MoveNextAsync())
        {
            var pvb = JsonNode.Parse(KubernetesJson.Serialize(events.Current.Item2))!;
            observed.Add(((string?)pvb["status"]?["phase"], (long?)pvb["status"]?["progress"]?["bytesDone"], (long?)pvb["status"]?["progress"]?["totalBytes"]));
        }
        await events.DisposeAsync();
        var running = observed.Where(o => o.Phase == "InProgress").Select(o => o.Done!.Value).ToList();
        running.Count.ShouldBeGreaterThan(3);
        running.ShouldBe(running.Order().Distinct());
        running.ShouldContain(d => d > 0 && d < 32L << 20);
        observed.Select(o => o.Phase).Distinct().ShouldBe([null, "Accepted", "Prepared", "InProgress", "Completed"]);
        observed[^1].ShouldBe(("Completed", 32L << 20, 32L << 20));
        var backup = await WaitForBackupAsync("paced");
        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
    }

    [Fact]
    public async Task Backup_PodOnNodeWithoutNodeAgent_PartiallyFailedWithVeleroError()
    {
        var ns = await NamespaceAsync(_client);
        await ClaimAsync(_client, ns, "data", "1Gi");
        var pod = new V1Pod
        {
            Metadata = new() { Name = "db-0", Annotations = new Dictionary<string, string> { ["backup.velero.io/backup-volumes"] = "data" } },
            Spec = new()
            {
                NodeName = "node-2", Volumes = [Claim("data", "data")],
                Containers = [new() { Name = "db", Image = "postgres:17", VolumeMounts = [new() { Name = "data", MountPath = "/data" }] }],
            },
            Status = new() { Phase = "Running" },
        };
        await _client.CoreV1.CreateNamespacedPodAsync(pod, ns).DefaultTimeout();

        await CreateBackupAsync(ns, "no-agent");
        var backup = await WaitForBackupAsync("no-agent");

        ((string?)backup["status"]!["phase"], (int?)backup["status"]!["errors"], (int?)backup["status"]!["warnings"]).ShouldBe(("PartiallyFailed", 1, 1));
        (await PodVolumeBackupsAsync(_client, "no-agent")).ShouldBeEmpty();
    }

    private async Task CreateBackupAsync(string ns, string name)
    {
        var backup = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup", ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["includedNamespaces"] = new JsonArray(ns) },
        };
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(backup, "velero.io", "v1", VeleroFixture.Namespace, "backups").DefaultTimeout();
    }

    private async Task<JsonObject> WaitForBackupAsync(string name) =>
        await VeleroFixture.WaitAsync(async () =>
        {
            var backup = JsonNode.Parse(KubernetesJson.Serialize(
                await _client.CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "backups", name).DefaultTimeout()))!.AsObject();
            return (string?)backup["status"]?["phase"] is "Completed" or "PartiallyFailed" or "Failed" ? backup : null;
        });

    public async Task InitializeAsync()
    {
        _s3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(_directory, "s3"))).DefaultTimeout();
        _server = await SandboxServer.StartAsync(new SandboxServerOptions(_directory, ClusterNames: ["sandbox"], Seed: false)
        {
            Velero = VeleroFixture.Options with { VolumeBytesPerSecond = 16L << 20, VolumeProgressInterval = TimeSpan.FromMilliseconds(100) },
        }).DefaultTimeout();
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.KubeconfigPath, currentContext: "sandbox"));
        await VeleroFixture.InstallVeleroAsync(_client, _s3, nodeAgent: false);
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new() { Name = "node-agent-x7k2p", Labels = new Dictionary<string, string> { ["name"] = "node-agent", ["role"] = "node-agent" } },
            Spec = new() { NodeName = Node, Containers = [new() { Name = "node-agent", Image = "velero/velero:v1.18.0" }] },
            Status = new() { Phase = "Running" },
        }, VeleroFixture.Namespace).DefaultTimeout();
        using var bucket = ObjectStore.S3TestClients.Create(_s3.Endpoint, _s3.AccessKey, _s3.SecretKey, _s3.Region);
        await bucket.PutBucketAsync("velero").DefaultTimeout();
        var location = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "BackupStorageLocation", ["metadata"] = new JsonObject { ["name"] = "default" },
            ["spec"] = new JsonObject
            {
                ["provider"] = "aws", ["default"] = true, ["objectStorage"] = new JsonObject { ["bucket"] = "velero" },
                ["config"] = new JsonObject { ["region"] = _s3.Region, ["s3Url"] = _s3.Endpoint.ToString() },
            },
        };
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(location, "velero.io", "v1", VeleroFixture.Namespace, "backupstoragelocations").DefaultTimeout();
        await VeleroFixture.WaitAsync(async () =>
        {
            var bsl = JsonNode.Parse(KubernetesJson.Serialize(await _client.CustomObjects.GetNamespacedCustomObjectAsync(
                "velero.io", "v1", VeleroFixture.Namespace, "backupstoragelocations", "default").DefaultTimeout()))!;
            return (string?)bsl["status"]?["phase"] == "Available" ? bsl : null;
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync().AsTask().DefaultTimeout();
        await _s3.DisposeAsync().AsTask().DefaultTimeout();
        Directory.Delete(_directory, recursive: true);
    }
}
