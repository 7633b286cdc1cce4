using System.Text;
using System.Text.Json.Nodes;
using Amazon.S3;
using DataProtection.Sandbox;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Sandbox.Velero;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.ObjectStore;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>A sandbox with S3 and the Velero controller on, Velero "installed" as <c>velero install</c> leaves it.</summary>
public sealed class VeleroFixture : IAsyncLifetime
{
    public const string Namespace = "velero";
    private const string Crds = "/work/shared/velero/crds/v1";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "dp-velero-" + Guid.NewGuid().ToString("N"));

    public SandboxServer Server { get; private set; } = null!;

    public S3Server S3 { get; private set; } = null!;

    public AmazonS3Client Bucket { get; private set; } = null!;

    public IKubernetes Client { get; private set; } = null!;

    /// <summary>A second cluster with Velero installed, for backups shared through a bucket.</summary>
    public IKubernetes DrClient { get; private set; } = null!;

    public static VeleroOptions Options => new()
    {
        StoreValidationFrequency = TimeSpan.FromSeconds(2),
        InstallCheckInterval = TimeSpan.FromMilliseconds(200),
        GarbageCollectionFrequency = TimeSpan.FromSeconds(1),
        BackupSyncPeriod = TimeSpan.FromSeconds(1),
    };

    public async Task InitializeAsync()
    {
        S3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(DataDirectory, "s3"))).DefaultTimeout();
        Bucket = S3TestClients.Create(S3.Endpoint, S3.AccessKey, S3.SecretKey, S3.Region);
        Server = await SandboxServer.StartAsync(new SandboxServerOptions(DataDirectory, ClusterNames: ["sandbox", "sandbox-dr"])
        {
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
            Velero = Options,
        }).DefaultTimeout();
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.KubeconfigPath, currentContext: "sandbox"));
        await InstallVeleroAsync(Client, S3);
        DrClient = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.KubeconfigPath, currentContext: "sandbox-dr"));
        await InstallVeleroAsync(DrClient, S3);
        DefaultBucket = await NewBucketAsync();
        await CreateLocationAsync(DefaultBucket, name: "default", isDefault: true);
        await WaitForAsync("backupstoragelocations", "default", l => (string?)l["status"]?["phase"] == "Available");
    }

    public string DefaultBucket { get; private set; } = "";

    /// <summary><c>velero install</c>, by default <c>--use-node-agent</c> as the seeded pods' backup-volumes annotations expect.</summary>
    public static async Task InstallVeleroAsync(IKubernetes client, S3Server s3, bool nodeAgent = true)
    {
        foreach (var file in Directory.GetFiles(Crds, "*.yaml"))
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(await KubernetesYaml.LoadFromFileAsync<V1CustomResourceDefinition>(file)).DefaultTimeout();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = Namespace } }).DefaultTimeout();
        var credentials = $"[default]\naws_access_key_id={s3.AccessKey}\naws_secret_access_key={s3.SecretKey}\n";
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new() { Name = "cloud-credentials" },
            Data = new Dictionary<string, byte[]> { ["cloud"] = Encoding.UTF8.GetBytes(credentials) },
        }, Namespace).DefaultTimeout();
        var labels = new Dictionary<string, string> { ["component"] = "velero", ["deploy"] = "velero" };
        await client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new() { Name = "velero", Labels = labels },
            Spec = new()
            {
                Selector = new() { MatchLabels = new Dictionary<string, string> { ["deploy"] = "velero" } },
                Template = new()
                {
                    Metadata = new() { Labels = labels },
                    Spec = new() { Containers = [new() { Name = "velero", Image = "velero/velero:v1.18.0", Command = ["/velero"], Args = ["server"] }] },
                },
            },
        }, Namespace).DefaultTimeout();
        if (nodeAgent)
            await VolumeTestKit.InstallNodeAgentAsync(client);
    }

    public async Task<string> NewBucketAsync()
    {
        var name = $"velero-{Guid.NewGuid().ToString("N")[..10]}";
        await Bucket.PutBucketAsync(name).DefaultTimeout();
        return name;
    }

    public async Task<string> CreateLocationAsync(string bucket, string? prefix = null, JsonObject? credential = null, string? name = null,
        bool isDefault = false, string? accessMode = null, IKubernetes? client = null)
    {
        name ??= $"bsl-{Guid.NewGuid().ToString("N")[..8]}";
        await (client ?? Client).CustomObjects.CreateNamespacedCustomObjectAsync(Location(S3, name, bucket, prefix, credential, isDefault, accessMode),
            "velero.io", "v1", Namespace, "backupstoragelocations").DefaultTimeout();
        return name;
    }

    /// <summary>A BackupStorageLocation on <paramref name="s3"/>, as <c>velero backup-location create --provider aws</c> writes it.</summary>
    public static JsonObject Location(S3Server s3, string name, string bucket, string? prefix = null, JsonObject? credential = null, bool isDefault = false,
        string? accessMode = null)
    {
        var spec = new JsonObject
        {
            ["provider"] = "aws",
            ["objectStorage"] = new JsonObject { ["bucket"] = bucket },
            ["config"] = new JsonObject { ["region"] = s3.Region, ["s3ForcePathStyle"] = "true", ["s3Url"] = s3.Endpoint.ToString() },
        };
        if (isDefault)
            spec["default"] = true;
        if (accessMode is not null)
            spec["accessMode"] = accessMode;
        if (prefix is not null)
            spec["objectStorage"]!["prefix"] = prefix;
        if (credential is not null)
            spec["credential"] = credential;
        return new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "BackupStorageLocation",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }

    public Task<JsonObject> WaitForAsync(string plural, string name, Func<JsonObject, bool> condition, IKubernetes? client = null) =>
        WaitAsync(async () =>
        {
            var obj = await GetAsync(plural, name, client);
            return obj is not null && condition(obj) ? obj : null;
        });

    public async Task<JsonObject?> GetAsync(string plural, string name, IKubernetes? client = null)
    {
        try
        {
            var obj = await (client ?? Client).CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", Namespace, plural, name).DefaultTimeout();
            return JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Polls until <paramref name="probe"/> returns a value, failing the test after <paramref name="seconds"/>.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, int seconds = 30) where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            if (await probe() is { } value)
                return value;
            await Task.Delay(100, timeout.Token);
        }
    }

    public async Task DisposeAsync()
    {
        Bucket.Dispose();
        await Server.DisposeAsync().AsTask().DefaultTimeout();
        await S3.DisposeAsync().AsTask().DefaultTimeout();
        Directory.Delete(DataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class VeleroCollection : ICollectionFixture<VeleroFixture>
{
    public const string Name = "Velero";
}
