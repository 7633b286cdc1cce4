using System.Text.Json.Nodes;
using Amazon.S3;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Protection;
using DataProtection.Sandbox;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.ObjectStore;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Integration.Backups;

/// <summary>
/// The app with sandbox clusters where Velero is installed as <c>velero install</c> leaves it (each with its own bucket and
/// default location), registered and found Ready by a status check. Velero backs up one item every 30 ms, so progress shows.
/// </summary>
public sealed class BackupsFixture : IAsyncLifetime
{
    public const string Watched = "watched";
    public const string Unwatched = "unwatched";
    public static readonly Actor Admin = new("admin", Roles.Admin, AuditSource.UI);
    public static readonly Actor Viewer = new("viewer", Roles.Viewer, AuditSource.UI);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-backups-" + Guid.NewGuid().ToString("N"));

    public SandboxServer Server { get; private set; } = null!;

    public S3Server S3 { get; private set; } = null!;

    public AmazonS3Client Bucket { get; private set; } = null!;

    public AppFactory App { get; } = new(new Dictionary<string, string?>
    {
        ["Clusters:TimeoutSeconds"] = "10",
        ["Backups:WatchTimeoutSeconds"] = "120",
        ["Backups:MinBackoffMilliseconds"] = "200",
        ["Backups:ClusterScanSeconds"] = "3600",
        ["Backups:DownloadTimeoutSeconds"] = "20",
    });

    public BackupService Backups => App.Service<BackupService>();

    internal BackupWatchHub Hub => App.Service<BackupWatchHub>();

    public async Task InitializeAsync()
    {
        // The tests decide when the hub rescans (the periodic scan is an hour apart too), so that Unwatched stays unwatched.
        Hub.FollowProtectionChanges = false;
        S3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(_directory, "s3"))).DefaultTimeout();
        Bucket = S3TestClients.Create(S3.Endpoint, S3.AccessKey, S3.SecretKey, S3.Region);
        Server = await SandboxServer.StartAsync(new SandboxServerOptions(Path.Combine(_directory, "kube"), ClusterNames: [Watched, Unwatched])
        {
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
            Velero = VeleroFixture.Options with { ItemDelay = TimeSpan.FromMilliseconds(30) },
        }).DefaultTimeout();
        foreach (var name in new[] { Watched, Unwatched })
        {
            var client = Client(name);
            await VeleroFixture.InstallVeleroAsync(client, S3);
            await Bucket.PutBucketAsync($"velero-{name}").DefaultTimeout();
            await CreateLocationAsync(client, $"velero-{name}");
            await App.Service<ClusterService>().RegisterClusterAsync(Admin, new RegisterClusterRequest(name, null,
                new ClusterCredentials(Server[name].KubeconfigYaml, name)), CancellationToken.None).DefaultTimeout();
        }
        await MakeReadyAsync(Watched);
        await Hub.RescanAsync(CancellationToken.None).DefaultTimeout();
    }

    /// <summary>Velero's status check finds the install Ready, which is what makes a cluster eligible for the watch and the job.</summary>
    public async Task MakeReadyAsync(string cluster)
    {
        await VeleroFixture.WaitAsync(async () =>
        {
            var status = await App.Service<ProtectionService>().RefreshStatusAsync(Admin, cluster, CancellationToken.None);
            return status.Status == ProtectionStatus.Ready ? status : null;
        });
    }

    public Kubernetes Client(string cluster) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.KubeconfigPath, currentContext: cluster));

    public async Task<string> NamespaceWithConfigMapsAsync(string cluster, int count)
    {
        var ns = $"app-{Guid.NewGuid().ToString("N")[..8]}";
        var client = Client(cluster);
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = ns } }).DefaultTimeout();
        for (var i = 0; i < count; i++)
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = $"cm-{i}" } }, ns).DefaultTimeout();
        return ns;
    }

    /// <summary>Creates a Backup CR as <c>velero backup create --include-namespaces</c> does; returns its name.</summary>
    public async Task<string> CreateBackupAsync(string cluster, string ns, string? ttl = null)
    {
        var name = $"b-{Guid.NewGuid().ToString("N")[..10]}";
        var spec = new JsonObject { ["includedNamespaces"] = new JsonArray(ns), ["storageLocation"] = "default" };
        if (ttl is not null)
            spec["ttl"] = ttl;
        var backup = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = VeleroFixture.Namespace },
            ["spec"] = spec,
        };
        await Client(cluster).CustomObjects.CreateNamespacedCustomObjectAsync(backup, "velero.io", "v1", VeleroFixture.Namespace, "backups").DefaultTimeout();
        return name;
    }

    public async Task<JsonObject?> GetBackupAsync(string cluster, string name)
    {
        try
        {
            var obj = await Client(cluster).CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "backups", name).DefaultTimeout();
            return JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private Task CreateLocationAsync(IKubernetes client, string bucket) => client.CustomObjects.CreateNamespacedCustomObjectAsync(
        VeleroFixture.Location(S3, "default", bucket, isDefault: true), "velero.io", "v1", VeleroFixture.Namespace, "backupstoragelocations").DefaultTimeout();

    public async Task DisposeAsync()
    {
        App.Dispose();
        Bucket.Dispose();
        await Server.DisposeAsync().AsTask().DefaultTimeout();
        await S3.DisposeAsync().AsTask().DefaultTimeout();
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

[CollectionDefinition(Name)]
public sealed class BackupsCollection : ICollectionFixture<BackupsFixture>
{
    public const string Name = "Backups";
}
