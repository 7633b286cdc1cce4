using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Data;
using DataProtection.Core.Protection;
using DataProtection.Core.Schedules;
using DataProtection.Sandbox;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using DataProtection.Tests.Sandbox.ObjectStore;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace DataProtection.Tests.Integration.Schedules;

/// <summary>
/// A schedule made through the dashboard fires on the sandbox Velero's fake clock, and its backup expires through Velero's
/// garbage collection on the same clock, while the dashboard's history keeps the row (marked deleted).
/// </summary>
public sealed class ScheduleRetentionTests : IAsyncLifetime
{
    private const string Cluster = "clock";
    // Near the real time, so requests signed by the real clock during setup are within S3's allowed skew.
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-schedule-clock-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _veleroTime = new(Start);
    private readonly AppFactory _app = new(new Dictionary<string, string?>
    {
        ["Clusters:TimeoutSeconds"] = "10",
        ["Backups:WatchTimeoutSeconds"] = "120",
        ["Backups:MinBackoffMilliseconds"] = "200",
        ["Backups:ClusterScanSeconds"] = "3600",
    });
    private S3Server _s3 = null!;
    private SandboxServer _server = null!;

    [Fact]
    public async Task Schedule_FiresOnTheClockAndItsBackupExpires_HistoryKeepsTheRowMarkedDeleted()
    {
        var ns = $"app-{Guid.NewGuid().ToString("N")[..8]}";
        await Client().CoreV1.CreateNamespaceAsync(new() { Metadata = new() { Name = ns } }).DefaultTimeout();
        var template = new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = [ns], Ttl = TimeSpan.FromHours(1) };
        await _app.Service<ScheduleService>().CreateScheduleAsync(ScheduleEditingTests.Operator, Cluster,
            new ScheduleDraft("hourly", CronText.Hourly(0), template, Paused: false), CancellationToken.None).DefaultTimeout();
        // Velero's first run is immediate; wait for it so the clock is not moved under that reconcile. The Schedule itself is
        // written by the Hangfire submission job, whose queue is polled, hence the longer wait.
        await RecordAsync($"hourly-{Start:yyyyMMddHHmmss}", r => r.Phase == "Completed", seconds: 90);
        var run = CronText.NextRuns(CronText.Hourly(0), Start, 1)[0];
        var name = $"hourly-{run:yyyyMMddHHmmss}";

        _veleroTime.SetUtcNow(run);
        var fired = await RecordAsync(name, r => r.Phase == "Completed");
        (await ObjectExistsAsync($"backups/{name}/velero-backup.json")).ShouldBeTrue();
        // Past its expiry (the run + 1h) and one garbage-collection period.
        _veleroTime.SetUtcNow(run.AddHours(1).AddMinutes(1));
        var expired = await RecordAsync(name, r => r.DeletedUtc is not null, seconds: 60);

        (fired.Schedule, fired.ExpiresUtc).ShouldBe(("hourly", run.AddHours(1).UtcDateTime));
        (expired.Schedule, expired.ExpiresUtc, expired.CompletedUtc, expired.TotalItems).ShouldBe(("hourly", fired.ExpiresUtc, fired.CompletedUtc, fired.TotalItems));
        // The last phase seen before Velero removed it: Deleting, set by its DeleteBackupRequest.
        expired.Phase.ShouldBeOneOf("Deleting", "Completed");
        (await GetBackupAsync(name)).ShouldBeNull();
        (await ObjectExistsAsync($"backups/{name}/velero-backup.json")).ShouldBeFalse();
        (await ObjectExistsAsync($"backups/{name}/{name}.tar.gz")).ShouldBeFalse();
    }

    public async Task InitializeAsync()
    {
        _s3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(_directory, "s3")), _veleroTime, CancellationToken.None).DefaultTimeout();
        using (var bucket = S3TestClients.Create(_s3.Endpoint, _s3.AccessKey, _s3.SecretKey, _s3.Region))
            await bucket.PutBucketAsync("velero-clock").DefaultTimeout();
        // Installed with no controller running, so the fake clock never has to drive the install check.
        await using (var installer = await StartServerAsync(velero: null))
        {
            var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(installer.KubeconfigPath, currentContext: Cluster));
            await VeleroFixture.InstallVeleroAsync(client, _s3);
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(Location(), "velero.io", "v1", VeleroFixture.Namespace, "backupstoragelocations").DefaultTimeout();
        }
        _server = await StartServerAsync(VeleroFixture.Options with { Time = _veleroTime, GarbageCollectionFrequency = TimeSpan.FromMinutes(1) });
        _app.Service<BackupWatchHub>().FollowProtectionChanges = false;
        await _app.Service<ClusterService>().RegisterClusterAsync(BackupsFixture.Admin, new RegisterClusterRequest(Cluster, null,
            new ClusterCredentials(_server[Cluster].KubeconfigYaml, Cluster)), CancellationToken.None).DefaultTimeout();
        await VeleroFixture.WaitAsync(async () =>
        {
            var status = await _app.Service<ProtectionService>().RefreshStatusAsync(BackupsFixture.Admin, Cluster, CancellationToken.None);
            return status.Status == ProtectionStatus.Ready ? status : null;
        });
        await _app.Service<BackupWatchHub>().RescanAsync(CancellationToken.None).DefaultTimeout();
    }

    private Task<SandboxServer> StartServerAsync(DataProtection.Sandbox.Velero.VeleroOptions? velero) =>
        SandboxServer.StartAsync(new SandboxServerOptions(Path.Combine(_directory, "kube"), ClusterNames: [Cluster], Seed: false)
        {
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
            Velero = velero,
        }).DefaultTimeout();

    private Kubernetes Client() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.KubeconfigPath, currentContext: Cluster));

    private JsonObject Location() => VeleroFixture.Location(_s3, "default", "velero-clock", isDefault: true);

    private Task<BackupRecord> RecordAsync(string name, Func<BackupRecord, bool> condition, int seconds = 30) =>
        VeleroFixture.WaitAsync(async () =>
        {
            await using var db = await _app.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var record = await db.BackupRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Name == name);
            return record is not null && condition(record) ? record : null;
        }, seconds);

    private async Task<object?> GetBackupAsync(string name)
    {
        try
        {
            return await Client().CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "backups", name).DefaultTimeout();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    // Signed on the fake clock the S3 server shares with Velero; a client on the real clock would be refused as skewed.
    private async Task<bool> ObjectExistsAsync(string key)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(_s3.PresignGetUrl("velero-clock", key, TimeSpan.FromMinutes(5))).DefaultTimeout();
        return response.StatusCode == System.Net.HttpStatusCode.OK ? true
            : response.StatusCode == System.Net.HttpStatusCode.NotFound ? false
            : throw new InvalidOperationException($"GET {key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        if (_server is not null)
            await _server.DisposeAsync().AsTask().DefaultTimeout();
        await _s3.DisposeAsync().AsTask().DefaultTimeout();
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
