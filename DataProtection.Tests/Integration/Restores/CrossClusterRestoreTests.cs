using DataProtection.Core.Audit;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Restores;
using DataProtection.Core.StorageLocations;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using static DataProtection.Tests.Integration.Restores.CrossClusterSetup;

namespace DataProtection.Tests.Integration.Restores;

/// <summary>
/// A backup of "watched" restored into "unwatched" (both write to their own bucket on one S3): the target gets a ReadOnly location
/// on the source's bucket, Velero's sync brings the backup, and only then is the Restore created, exactly once.
/// </summary>
[Collection(BackupsCollection.Name)]
public sealed class CrossClusterRestoreTests(BackupsFixture fixture)
{
    private const string Watched = BackupsFixture.Watched;
    private const string Unwatched = BackupsFixture.Unwatched;

    private RestoreService Restores => fixture.App.Service<RestoreService>();

    [Fact]
    public async Task CreateRestoreAsync_BackupOfAnotherCluster_CopiesItsLocationReadOnlyWaitsForTheSyncAndRestoresOnce()
    {
        // Arrange
        await fixture.MakeReadyAsync(Unwatched);
        var (ns, backup) = await RestoreScenario.BackedUpNamespaceAsync(fixture, Watched);
        var moved = ns + "-moved";
        var request = new RestoreRequest { SourceCluster = Watched, BackupName = backup, NamespaceMapping = new Dictionary<string, string> { [ns] = moved } };

        // Act
        var created = await Restores.CreateRestoreAsync(Operator, Unwatched, null, request, CancellationToken.None).DefaultTimeout();
        var submission = await SubmissionSandbox.SubmissionAsync(fixture.App, created.Name, s => s.State != SubmissionState.Pending);
        await CompletedAsync(fixture.App, Unwatched, created.Name);

        // Assert
        (submission.State, submission.Error, submission.ClusterName).ShouldBe((SubmissionState.Created, null, Unwatched));
        // It waited on the waits queue's own workers, not on those of backups and schedules.
        var enqueued = fixture.App.Service<Hangfire.JobStorage>().GetMonitoringApi().JobDetails(submission.JobId).History
            .First(h => h.StateName == Hangfire.States.EnqueuedState.StateName);
        enqueued.Data["Queue"].ShouldBe(DataProtection.Core.Jobs.JobsOptions.WaitQueue);
        created.Command.ShouldContain($"backup sync shows backup {backup} on {Unwatched}");
        (await RestoreScenario.ConfigMapsAsync(fixture.Client(Unwatched), moved)).ShouldBe(["db-1", "web-1", "web-2"]);
        var target = fixture.Client(Unwatched);
        var location = (await GetAsync(target, "backupstoragelocations", $"{Watched}-default")).ShouldNotBeNull();
        ((string?)location["spec"]!["accessMode"], (bool?)location["spec"]!["default"], (string?)location["spec"]!["objectStorage"]!["bucket"])
            .ShouldBe(("ReadOnly", false, $"velero-{Watched}"));
        (await target.CoreV1.ReadNamespacedSecretAsync((string)location["spec"]!["credential"]!["name"]!, VeleroFixture.Namespace).DefaultTimeout()).Data.ShouldContainKey("cloud");
        var synced = (await GetAsync(target, "backups", backup)).ShouldNotBeNull();
        ((string?)synced["spec"]!["storageLocation"]).ShouldBe($"{Watched}-default");
        var assign = (await AuditAsync(fixture.App, AuditActions.StorageAssign)).Last(e => e.TargetName == $"{Watched}-default");
        (assign.Actor, assign.TargetCluster, assign.Outcome).ShouldBe((Operator.Name, Unwatched, AuditOutcome.Succeeded));
        assign.Parameters!.ShouldContain("ReadOnly");
        var audited = (await AuditAsync(fixture.App, RestoreService.CreateAction)).Last(e => e.TargetName == created.Name);
        (audited.Actor, audited.TargetCluster, audited.Outcome).ShouldBe((Operator.Name, Unwatched, AuditOutcome.Succeeded));
        audited.Parameters!.ShouldContain(moved);
        audited.Parameters!.ShouldContain(Watched);
        audited.Parameters!.ShouldContain(submission.SubmissionId.ToString());

        // A second run of the job (Hangfire may run one twice) finds the submission done and creates nothing more.
        await fixture.App.Service<SubmitResourceJob>().RunAsync(submission.Id, null, CancellationToken.None).DefaultTimeout();
        (await RestoreCountAsync(target, created.Name)).ShouldBe(1);
    }

    [Fact]
    public async Task CreateRestoreAsync_BackupOnADashboardLocation_AssignsThatLocationReadOnlyToTheTarget()
    {
        // Arrange: the dashboard knows bucket+prefix as a storage location; watched writes there through a BSL of its own.
        await fixture.MakeReadyAsync(Unwatched);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (bucket, own) = ($"velero-dash-{suffix}", $"own-{suffix}");
        await fixture.Bucket.PutBucketAsync(bucket).DefaultTimeout();
        var locations = fixture.App.Service<StorageLocationService>();
        var location = await locations.CreateLocationAsync(BackupsFixture.Admin, new StorageLocationInput($"dash-{suffix}", "shared", fixture.S3.Endpoint.ToString(),
            fixture.S3.Region, bucket, "team", AccessKey: fixture.S3.AccessKey, SecretKey: fixture.S3.SecretKey), CancellationToken.None).DefaultTimeout();
        var (source, target) = (fixture.Client(Watched), fixture.Client(Unwatched));
        await CreateLocationAsync(fixture, source, own, bucket, "team");
        try
        {
            await VeleroFixture.WaitAsync(async () => (string?)(await GetAsync(source, "backupstoragelocations", own))?["status"]?["phase"] == "Available" ? "ok" : null);
            var ns = await RestoreScenario.NamespaceAsync(source);
            var backup = await BackupAsync(source, ns, own);

            // Act
            var created = await Restores.CreateRestoreAsync(Operator, Unwatched, null, new RestoreRequest
            {
                SourceCluster = Watched, BackupName = backup, NamespaceMapping = new Dictionary<string, string> { [ns] = ns + "-dash" },
            }, CancellationToken.None).DefaultTimeout();
            await CompletedAsync(fixture.App, Unwatched, created.Name);

            // Assert
            var bsl = (await GetAsync(target, "backupstoragelocations", location.Name)).ShouldNotBeNull();
            ((string?)bsl["spec"]!["accessMode"], (bool?)bsl["spec"]!["default"], (string?)bsl["spec"]!["objectStorage"]!["prefix"]).ShouldBe(("ReadOnly", false, "team"));
            (await locations.GetLocationAsync(BackupsFixture.Viewer, location.Name, CancellationToken.None)).Assignments
                .ShouldContain(a => a.Cluster == Unwatched && a.AccessMode == StorageAccessMode.ReadOnly && !a.IsDefault);
            var assign = (await AuditAsync(fixture.App, AuditActions.StorageAssign)).Last(e => e.TargetName == location.Name);
            (assign.Actor, assign.TargetCluster, assign.Outcome).ShouldBe((Operator.Name, Unwatched, AuditOutcome.Succeeded));
            assign.Parameters!.ShouldContain($"restore of {Watched}/{backup}");
            (await RestoreScenario.ConfigMapsAsync(target, ns + "-dash")).ShouldBe(["db-1", "web-1", "web-2"]);
            (await GetAsync(target, "backupstoragelocations", $"{Watched}-{own}")).ShouldBeNull("the dashboard's location is used, not a copy");
        }
        finally
        {
            await DeleteLocationAsync(source, own);
        }
    }

    [Fact]
    public async Task CreateRestoreAsync_TargetWithoutVelero_IsRefusedNamingCluster()
    {
        var bare = $"bare-{Guid.NewGuid().ToString("N")[..6]}";
        await fixture.App.Service<ClusterService>().RegisterClusterAsync(BackupsFixture.Admin, new RegisterClusterRequest(bare, null,
            new ClusterCredentials(fixture.Server[Unwatched].KubeconfigYaml, Unwatched)), CancellationToken.None).DefaultTimeout();

        var error = await Should.ThrowAsync<ValidationException>(Restores.CreateRestoreAsync(Operator, bare, null,
            new RestoreRequest { SourceCluster = Watched, BackupName = "any" }, CancellationToken.None).DefaultTimeout());

        error.Field.ShouldBe("cluster");
        error.Message.ShouldContain($"{bare} has no data protection");
        (await AuditAsync(fixture.App, AuditActions.StorageAssign)).ShouldNotContain(e => e.TargetCluster == bare);
        (await AuditAsync(fixture.App, RestoreService.CreateAction)).Last(e => e.TargetCluster == bare).Outcome.ShouldBe(AuditOutcome.Failed);
    }

    [Fact]
    public async Task CreateRestoreAsync_UnknownSourceCluster_IsRefusedNamingSourceCluster()
    {
        await fixture.MakeReadyAsync(Unwatched);

        var error = await Should.ThrowAsync<ValidationException>(Restores.CreateRestoreAsync(Operator, Unwatched, null,
            new RestoreRequest { SourceCluster = "no-such-cluster", BackupName = "any" }, CancellationToken.None).DefaultTimeout());

        error.Field.ShouldBe("sourceCluster");
        error.Message.ShouldContain("no registered cluster no-such-cluster");
    }

    [Fact]
    public async Task CreateRestoreAsync_SyncNeverShowsTheBackup_ListedAsWaitingThenFailedAtTheDeadlineWithNoRestore()
    {
        // Arrange: a backup in a bucket of its own (another folder in watched's bucket would make its default location invalid),
        // and on unwatched a location on that bucket and prefix whose keys S3 refuses.
        using var app = await StartAppAsync(fixture, syncTimeoutSeconds: 30);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (source, target) = (fixture.Client(Watched), fixture.Client(Unwatched));
        var (alt, broken) = ($"alt-{suffix}", $"broken-{suffix}");
        await fixture.Bucket.PutBucketAsync($"velero-{alt}").DefaultTimeout();
        await CreateLocationAsync(fixture, source, alt, $"velero-{alt}", "shared");
        await CreateCredentialsAsync(target, $"{broken}-keys", "nobody", "wrong-secret");
        await CreateLocationAsync(fixture, target, broken, $"velero-{alt}", "shared", secret: $"{broken}-keys");
        try
        {
            await VeleroFixture.WaitAsync(async () => (string?)(await GetAsync(source, "backupstoragelocations", alt))?["status"]?["phase"] == "Available" ? "ok" : null);
            var backup = await BackupAsync(source, await RestoreScenario.NamespaceAsync(source), alt);

            // Act
            var created = await app.Service<RestoreService>().CreateRestoreAsync(Operator, Unwatched, null,
                new RestoreRequest { SourceCluster = Watched, BackupName = backup }, CancellationToken.None).DefaultTimeout();
            var listed = await app.Service<RestoreService>().ListRestoresAsync(BackupsFixture.Viewer, Unwatched, CancellationToken.None).DefaultTimeout();
            var waiting = await app.Service<RestoreService>().GetRestoreAsync(BackupsFixture.Viewer, Unwatched, created.Name, CancellationToken.None).DefaultTimeout();
            app.Time.Advance(TimeSpan.FromSeconds(31));
            var failed = await SubmissionSandbox.SubmissionAsync(app, created.Name, s => s.State != SubmissionState.Pending);
            var shown = await app.Service<RestoreService>().GetRestoreAsync(BackupsFixture.Viewer, Unwatched, created.Name, CancellationToken.None).DefaultTimeout();

            // Assert
            listed.Items.ShouldContain(r => r.Name == created.Name && r.Phase == RestoreService.WaitingForSyncPhase && r.BackupName == backup);
            (waiting.Phase, shown.Phase, shown.FailureReason).ShouldBe((RestoreService.WaitingForSyncPhase, "Failed", failed.Error));
            failed.State.ShouldBe(SubmissionState.Failed);
            failed.Error!.ShouldStartWith($"Backup {backup} did not show on {Unwatched} through backup storage location {broken} within 30 s");
            failed.Error!.ShouldContain("no Restore was created");
            (await RestoreCountAsync(target, created.Name)).ShouldBe(0);
            (await AuditAsync(app, AuditActions.StorageAssign)).ShouldBeEmpty("the target's own location on that prefix was reused");
        }
        finally
        {
            await DeleteLocationAsync(target, broken);
            await DeleteLocationAsync(source, alt);
        }
    }

    /// <summary>A Backup as <c>velero backup create --include-namespaces ns --storage-location location</c> makes it, once Completed.</summary>
    private static async Task<string> BackupAsync(k8s.Kubernetes client, string ns, string location)
    {
        var name = $"b-{Guid.NewGuid().ToString("N")[..10]}";
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Backup",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = name, ["namespace"] = VeleroFixture.Namespace },
            ["spec"] = new System.Text.Json.Nodes.JsonObject { ["includedNamespaces"] = new System.Text.Json.Nodes.JsonArray(ns), ["storageLocation"] = location },
        }, "velero.io", "v1", VeleroFixture.Namespace, "backups").DefaultTimeout();
        await VeleroFixture.WaitAsync(async () => (string?)(await GetAsync(client, "backups", name))?["status"]?["phase"] == "Completed" ? name : null);
        return name;
    }
}
