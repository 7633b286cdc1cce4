using Amazon.S3;
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
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DataProtection.Tests.Integration.Protection;

/// <summary>
/// The app with a sandbox of several independent clusters (one per test, so they do not see each other's installs), the
/// sandbox's S3 endpoint and Velero controller, each cluster registered and given its own bucket.
/// </summary>
public sealed class ProtectionFixture : IAsyncLifetime
{
    public static readonly Actor Admin = new("admin", Roles.Admin, AuditSource.UI);
    public static readonly string[] Clusters = ["enable", "keep", "delete", "adopt", "failing", "input", "api"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-protection-" + Guid.NewGuid().ToString("N"));

    public SandboxServer Server { get; private set; } = null!;

    public S3Server S3 { get; private set; } = null!;

    public AmazonS3Client Bucket { get; private set; } = null!;

    public TestProtectionStorage Storage { get; private set; } = null!;

    public ProtectionApp App { get; private set; } = null!;

    public ProtectionService Protection => App.Service<ProtectionService>();

    public async Task InitializeAsync()
    {
        S3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(_directory, "s3"))).DefaultTimeout();
        Bucket = S3TestClients.Create(S3.Endpoint, S3.AccessKey, S3.SecretKey, S3.Region);
        Server = await SandboxServer.StartAsync(new SandboxServerOptions(Path.Combine(_directory, "kube"), ClusterNames: Clusters)
        {
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
            Velero = VeleroFixture.Options,
        }).DefaultTimeout();
        Storage = new TestProtectionStorage(S3);
        App = new ProtectionApp(Storage);
        foreach (var name in Clusters)
        {
            Storage.Buckets[name] = $"velero-{name}";
            await Bucket.PutBucketAsync(Storage.Buckets[name]).DefaultTimeout();
            await App.Service<ClusterService>().RegisterClusterAsync(Admin, new RegisterClusterRequest(name, null,
                new ClusterCredentials(Server[name].KubeconfigYaml, name)), CancellationToken.None).DefaultTimeout();
        }
    }

    public Kubernetes Client(string cluster) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.KubeconfigPath, currentContext: cluster));

    public async Task<List<string>> ObjectKeysAsync(string cluster)
    {
        var listing = await Bucket.ListObjectsV2Async(new() { BucketName = Storage.Buckets[cluster] }).DefaultTimeout();
        return listing.S3Objects?.Select(o => o.Key).ToList() ?? [];
    }

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

/// <summary>The app with the test storage registered, as the storage-locations feature will register the real one.</summary>
public sealed class ProtectionApp(TestProtectionStorage storage) : AppFactory(new Dictionary<string, string?>
{
    ["Clusters:TimeoutSeconds"] = "10",
    ["Protection:ReadyTimeoutSeconds"] = "30",
    ["Protection:DeleteBackupsTimeoutSeconds"] = "30",
    ["Protection:PollIntervalMilliseconds"] = "100",
})
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IProtectionStorage>(storage));
    }
}

[CollectionDefinition(Name)]
public sealed class ProtectionCollection : ICollectionFixture<ProtectionFixture>
{
    public const string Name = "Protection";
}
