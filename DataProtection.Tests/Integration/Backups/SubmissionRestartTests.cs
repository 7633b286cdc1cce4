using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataProtection.Tests.Integration.Backups;

/// <summary>
/// Exactly one Backup per submission: across a dashboard restart between enqueue and run, on a second run of the job, and when
/// the job finds the object already there (its own, or someone else's).
/// </summary>
public sealed class SubmissionRestartTests : IAsyncLifetime
{
    private static readonly Actor Operator = new("olivia", Roles.Operator, AuditSource.UI);
    private SubmissionSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SubmissionSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task SubmitBackupAsync_RestartBeforeTheJobRuns_ExactlyOneBackupCreatedAfterRestart()
    {
        // Arrange: a dashboard whose Hangfire server does not run, so the job stays queued in Hangfire's SQLite file.
        var directory = _sandbox.NewDataDirectory();
        var ns = $"shop-{Guid.NewGuid().ToString("N")[..6]}";
        await _sandbox.Client().CoreV1.CreateNamespaceAsync(new() { Metadata = new() { Name = ns } }).DefaultTimeout();
        var template = new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = [ns] };
        SubmittedBackup submitted;
        using (var first = new NoJobsAppFactory(directory))
        {
            await _sandbox.RegisterAsync(first);
            submitted = await first.Service<BackupSubmissionService>().SubmitBackupAsync(Operator, SubmissionSandbox.Cluster, null, template, CancellationToken.None).DefaultTimeout();
            (await SubmissionSandbox.SubmissionAsync(first, submitted.Name, _ => true)).State.ShouldBe(SubmissionState.Pending);
        }
        (await _sandbox.ListBackupsAsync()).ShouldBeEmpty();

        // Act: a new dashboard on the same files.
        using var second = new AppFactory(SubmissionSandbox.AppSettings, dataDirectory: directory);
        second.Service<BackupWatchHub>().FollowProtectionChanges = false;
        await second.Service<BackupWatchHub>().RescanAsync(CancellationToken.None).DefaultTimeout();
        var created = await SubmissionSandbox.SubmissionAsync(second, submitted.Name, s => s.State != SubmissionState.Pending);

        // Assert
        (created.State, created.Error, created.JobId, created.RequestedBy).ShouldBe((SubmissionState.Created, null, submitted.JobId, "olivia"));
        submitted.Name.ShouldStartWith(ns + "-");
        var backups = await _sandbox.ListBackupsAsync();
        backups.Select(b => (string?)b["metadata"]!["name"]).ShouldBe([submitted.Name]);
        ((string?)backups[0]["metadata"]!["annotations"]![ResourceSubmitter.SubmissionAnnotation]).ShouldBe(created.SubmissionId.ToString());
        var record = await SubmissionSandbox.RecordAsync(second, submitted.Name, r => r.Phase == BackupPhases.Completed);
        record.RequestedBy.ShouldBe("olivia");
        await using var db = await second.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == BackupSubmissionService.CreateAction);
        (audit.Outcome, audit.Actor, audit.TargetCluster, audit.TargetKind, audit.TargetName).ShouldBe((AuditOutcome.Succeeded, "olivia", SubmissionSandbox.Cluster, "Backup", submitted.Name));
        audit.Parameters!.ShouldContain($"velero backup create {submitted.Name} --include-namespaces {ns}");
    }

    [Fact]
    public async Task RunAsync_SecondRunAndLostCompletion_NothingMoreCreated()
    {
        using var app = new AppFactory(SubmissionSandbox.AppSettings, dataDirectory: _sandbox.NewDataDirectory());
        await _sandbox.RegisterAsync(app);
        var submitted = await app.Service<BackupSubmissionService>().SubmitBackupAsync(Operator, SubmissionSandbox.Cluster, "twice",
            new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = ["default"] }, CancellationToken.None).DefaultTimeout();
        var created = await SubmissionSandbox.SubmissionAsync(app, submitted.Name, s => s.State != SubmissionState.Pending);
        created.State.ShouldBe(SubmissionState.Created);
        var job = app.Service<SubmitResourceJob>();

        await job.RunAsync(created.Id, null, CancellationToken.None).DefaultTimeout();
        // As if the process had died after creating the Backup and before saving Created: the retry meets its own object.
        await SetPendingAsync(app, created.Id);
        await job.RunAsync(created.Id, null, CancellationToken.None).DefaultTimeout();

        (await SubmissionSandbox.SubmissionAsync(app, "twice", _ => true)).State.ShouldBe(SubmissionState.Created);
        (await _sandbox.ListBackupsAsync()).Count(b => (string?)b["metadata"]!["name"] == "twice").ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_NameTakenByAForeignBackup_FailedWithReasonAndTheirsUntouched()
    {
        using var app = new AppFactory(SubmissionSandbox.AppSettings, dataDirectory: _sandbox.NewDataDirectory());
        await _sandbox.RegisterAsync(app);
        var clusterId = (await app.Service<IDbContextFactory<AppDbContext>>().CreateDbContext().Clusters.SingleAsync()).Id;
        var resource = BackupSpecWriter.Backup("taken", VeleroFixture.Namespace, new BackupTemplate(), "olivia");
        await _sandbox.Client().CustomObjects.CreateNamespacedCustomObjectAsync(resource.DeepClone(), "velero.io", "v1", VeleroFixture.Namespace, "backups").DefaultTimeout();

        await app.Service<ResourceSubmitter>().EnqueueAsync(new SubmissionRequest(clusterId, SubmissionSandbox.Cluster, resource, "olivia"), CancellationToken.None).DefaultTimeout();

        var failed = await SubmissionSandbox.SubmissionAsync(app, "taken", s => s.State != SubmissionState.Pending);
        failed.State.ShouldBe(SubmissionState.Failed);
        failed.Error.ShouldBe($"A Backup named taken already exists on {SubmissionSandbox.Cluster} and was not created by this submission; nothing was created.");
        var theirs = await _sandbox.GetBackupAsync("taken");
        theirs!["metadata"]!["annotations"]![ResourceSubmitter.SubmissionAnnotation].ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_ObjectRefusedByTheApiServer_FailedAtOnceWithItsMessage()
    {
        using var app = new AppFactory(SubmissionSandbox.AppSettings, dataDirectory: _sandbox.NewDataDirectory());
        await _sandbox.RegisterAsync(app);
        await using var db = await app.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var clusterId = (await db.Clusters.SingleAsync()).Id;
        var resource = BackupSpecWriter.Backup("refused", VeleroFixture.Namespace, new BackupTemplate(), "olivia");
        resource["spec"]!["ttl"] = 5;

        await app.Service<ResourceSubmitter>().EnqueueAsync(new SubmissionRequest(clusterId, SubmissionSandbox.Cluster, resource, "olivia"), CancellationToken.None).DefaultTimeout();

        var failed = await SubmissionSandbox.SubmissionAsync(app, "refused", s => s.State != SubmissionState.Pending);
        (failed.State, failed.Attempts).ShouldBe((SubmissionState.Failed, 1));
        failed.Error!.ShouldContain("422");
        (await _sandbox.GetBackupAsync("refused")).ShouldBeNull();
    }

    private static async Task SetPendingAsync(AppFactory app, long id)
    {
        await using var db = await app.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Submissions.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.State, SubmissionState.Pending));
    }

    /// <summary>The app without Hangfire's server: jobs are enqueued into its storage and never picked up.</summary>
    private sealed class NoJobsAppFactory(string dataDirectory) : AppFactory(SubmissionSandbox.AppSettings, dataDirectory: dataDirectory)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var servers = services.Where(d => d.ServiceType == typeof(IHostedService)
                    && (d.ImplementationFactory?.Method.DeclaringType?.Assembly.GetName().Name?.StartsWith("Hangfire", StringComparison.Ordinal) ?? false)).ToList();
                servers.Count.ShouldBe(2, "the default queue's server and the waits queue's");
                foreach (var server in servers)
                    services.Remove(server);
            });
        }
    }
}
