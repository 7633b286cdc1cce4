using Amazon.S3;
using DataProtection.Core.Clusters;
using DataProtection.Core.StorageLocations;
using DataProtection.Sandbox;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.ObjectStore;
using DataProtection.Tests.Sandbox.Velero;
using k8s;

namespace DataProtection.Tests.Integration.StorageLocations;

/// <summary>
/// Two sandbox clusters with Velero installed and the Velero-compatible controller running, the sandbox S3 endpoint, and the
/// real app with both clusters registered.
/// </summary>
public sealed class StorageSandboxFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-storage-" + Guid.NewGuid().ToString("N"));

    public S3Server S3 { get; private set; } = null!;

    public AmazonS3Client Bucket { get; private set; } = null!;

    public SandboxServer Server { get; private set; } = null!;

    public IKubernetes Sandbox { get; private set; } = null!;

    public IKubernetes SandboxDr { get; private set; } = null!;

    public IKubernetes Bare { get; private set; } = null!;

    public AppFactory App { get; } = new(new Dictionary<string, string?> { ["Clusters:TimeoutSeconds"] = "5", ["Storage:TimeoutSeconds"] = "5" });

    public StorageLocationService Locations => App.Service<StorageLocationService>();

    public async Task InitializeAsync()
    {
        S3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(_directory, "s3"))).DefaultTimeout();
        Bucket = S3TestClients.Create(S3.Endpoint, S3.AccessKey, S3.SecretKey, S3.Region);
        Server = await SandboxServer.StartAsync(new SandboxServerOptions(_directory, ClusterNames: ["sandbox", "sandbox-dr", "bare"])
        {
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
            Velero = VeleroFixture.Options,
        }).DefaultTimeout();
        Sandbox = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.KubeconfigPath, currentContext: "sandbox"));
        SandboxDr = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.KubeconfigPath, currentContext: "sandbox-dr"));
        await VeleroFixture.InstallVeleroAsync(Sandbox, S3);
        await VeleroFixture.InstallVeleroAsync(SandboxDr, S3);
        // "bare" has the Velero namespace but not its CRDs: Secrets can be written there, BackupStorageLocations cannot.
        Bare = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.KubeconfigPath, currentContext: "bare"));
        await Bare.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = VeleroFixture.Namespace } }).DefaultTimeout();
        var clusters = App.Service<ClusterService>();
        foreach (var name in new[] { "sandbox", "sandbox-dr", "bare" })
        {
            await clusters.RegisterClusterAsync(S3ValidationFixture.Admin,
                new RegisterClusterRequest(name, name, new ClusterCredentials(Server[name].KubeconfigYaml, name)), CancellationToken.None).DefaultTimeout();
        }
    }

    public async Task<string> NewBucketAsync()
    {
        var name = S3TestClients.UniqueBucket("storage");
        await Bucket.PutBucketAsync(name).DefaultTimeout();
        return name;
    }

    public async Task<StorageLocationSummary> CreateLocationAsync(string? prefix = null) =>
        await Locations.CreateLocationAsync(S3ValidationFixture.Admin, new StorageLocationInput(
            $"loc-{Guid.NewGuid().ToString("N")[..8]}", "test", S3.Endpoint.ToString(), S3.Region, await NewBucketAsync(), prefix,
            AccessKey: S3.AccessKey, SecretKey: S3.SecretKey), CancellationToken.None).DefaultTimeout();

    /// <summary>Polls the cluster's BSLs through the service until <paramref name="location"/> matches.</summary>
    public Task<ClusterStorageLocation> WaitForLocationAsync(string cluster, string location, Func<ClusterStorageLocation, bool> condition) =>
        VeleroFixture.WaitAsync(async () =>
        {
            var all = await Locations.ListClusterLocationsAsync(S3ValidationFixture.Admin, cluster, CancellationToken.None).DefaultTimeout();
            return all.FirstOrDefault(l => l.Name == location && condition(l));
        });

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
            // A file still being flushed by the sandbox's persistence; the temp folder is cleaned by the OS.
        }
    }
}
