using System.Text.Json.Nodes;
using Amazon.S3;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Data;
using DataProtection.Core.Protection;
using DataProtection.Sandbox;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.ObjectStore;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace DataProtection.Tests.Integration.Backups;

/// <summary>
/// One unseeded sandbox cluster with Velero installed as <c>velero install</c> leaves it and a default location, for tests that
/// need a dashboard (or two, one after the other) of their own. With a fake clock, Velero and S3 run on it.
/// </summary>
public sealed class SubmissionSandbox : IAsyncDisposable
{
    public const string Cluster = "submit";
    public const string BucketName = "velero-submit";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-submit-" + Guid.NewGuid().ToString("N"));

    public S3Server S3 { get; private set; } = null!;

    public SandboxServer Server { get; private set; } = null!;

    public static async Task<SubmissionSandbox> StartAsync(FakeTimeProvider? veleroTime = null)
    {
        var sandbox = new SubmissionSandbox();
        var s3Options = new S3ServerOptions(Path.Combine(sandbox._directory, "s3"));
        sandbox.S3 = await (veleroTime is null ? S3Server.StartAsync(s3Options) : S3Server.StartAsync(s3Options, veleroTime, CancellationToken.None)).DefaultTimeout();
        using (var bucket = sandbox.Bucket())
            await bucket.PutBucketAsync(BucketName).DefaultTimeout();
        // Installed with no controller running, so a fake clock never has to drive the install check.
        await using (var installer = await sandbox.StartServerAsync(velero: null))
        {
            var client = Client(installer);
            await VeleroFixture.InstallVeleroAsync(client, sandbox.S3);
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(sandbox.Location(), "velero.io", "v1", VeleroFixture.Namespace, "backupstoragelocations").DefaultTimeout();
        }
        var options = veleroTime is null ? VeleroFixture.Options : VeleroFixture.Options with { Time = veleroTime, GarbageCollectionFrequency = TimeSpan.FromMinutes(1) };
        sandbox.Server = await sandbox.StartServerAsync(options);
        return sandbox;
    }

    public string NewDataDirectory() => Path.Combine(_directory, "app-" + Guid.NewGuid().ToString("N")[..8]);

    public static Dictionary<string, string?> AppSettings => new()
    {
        ["Clusters:TimeoutSeconds"] = "10",
        ["Backups:WatchTimeoutSeconds"] = "120",
        ["Backups:MinBackoffMilliseconds"] = "200",
        ["Backups:ClusterScanSeconds"] = "3600",
    };

    /// <summary>Registers the cluster in <paramref name="app"/> and waits until it is Ready and watched.</summary>
    public async Task RegisterAsync(AppFactory app)
    {
        app.Service<BackupWatchHub>().FollowProtectionChanges = false;
        await app.Service<ClusterService>().RegisterClusterAsync(BackupsFixture.Admin, new RegisterClusterRequest(Cluster, null,
            new ClusterCredentials(Server[Cluster].KubeconfigYaml, Cluster)), CancellationToken.None).DefaultTimeout();
        await VeleroFixture.WaitAsync(async () =>
        {
            var status = await app.Service<ProtectionService>().RefreshStatusAsync(BackupsFixture.Admin, Cluster, CancellationToken.None);
            return status.Status == ProtectionStatus.Ready ? status : null;
        });
        await app.Service<BackupWatchHub>().RescanAsync(CancellationToken.None).DefaultTimeout();
    }

    public Kubernetes Client() => Client(Server);

    /// <summary>Only for a sandbox on the real clock: S3 refuses requests signed far from its own time.</summary>
    public AmazonS3Client Bucket() => S3TestClients.Create(S3.Endpoint, S3.AccessKey, S3.SecretKey, S3.Region);

    public Task<JsonObject> WaitForBackupAsync(string name, Func<JsonObject, bool> condition, int seconds = 30) =>
        VeleroFixture.WaitAsync(async () => await GetBackupAsync(name) is { } b && condition(b) ? b : null, seconds);

    public async Task<JsonObject?> GetBackupAsync(string name)
    {
        try
        {
            var obj = await Client().CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "backups", name).DefaultTimeout();
            return JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<List<JsonObject>> ListBackupsAsync()
    {
        var list = await Client().CustomObjects.ListNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "backups").DefaultTimeout();
        return JsonNode.Parse(KubernetesJson.Serialize(list))!["items"]!.AsArray().OfType<JsonObject>().ToList();
    }

    // 60 s: with many test hosts in one process, each with its own Hangfire server on SQLite, a job was seen to wait over 30 s
    // for a worker; alone it starts within the one-second poll.
    public static async Task<ResourceSubmission> SubmissionAsync(AppFactory app, string name, Func<ResourceSubmission, bool> condition, int seconds = 60)
    {
        try
        {
            return await VeleroFixture.WaitAsync(async () =>
            {
                await using var db = await app.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
                var submission = await db.Submissions.AsNoTracking().OrderByDescending(s => s.Id).FirstOrDefaultAsync(s => s.Name == name);
                return submission is not null && condition(submission) ? submission : null;
            }, seconds);
        }
        catch (TaskCanceledException)
        {
            // The job's own log lines and Hangfire's say whether it ran, failed or was never picked up.
            var lines = app.Logs.Lines.Where(l => l.Contains("ubmi", StringComparison.Ordinal) || l.Contains("angfire", StringComparison.Ordinal)).TakeLast(30);
            throw new TimeoutException($"Submission {name} did not reach the expected state in {seconds} s. Log:\n{string.Join('\n', lines)}");
        }
    }

    public static Task<BackupRecord> RecordAsync(AppFactory app, string name, Func<BackupRecord, bool> condition, int seconds = 30) =>
        VeleroFixture.WaitAsync(async () =>
        {
            await using var db = await app.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var record = await db.BackupRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Name == name);
            return record is not null && condition(record) ? record : null;
        }, seconds);

    private static Kubernetes Client(SandboxServer server) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath, currentContext: Cluster));

    private Task<SandboxServer> StartServerAsync(DataProtection.Sandbox.Velero.VeleroOptions? velero) =>
        SandboxServer.StartAsync(new SandboxServerOptions(Path.Combine(_directory, "kube"), ClusterNames: [Cluster], Seed: false)
        {
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
            Velero = velero,
        }).DefaultTimeout();

    private JsonObject Location() => VeleroFixture.Location(S3, "default", BucketName, isDefault: true);

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
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
