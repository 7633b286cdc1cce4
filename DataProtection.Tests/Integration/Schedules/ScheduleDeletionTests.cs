using System.Net;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using DataProtection.Core.Audit;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Schedules;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Tests.Integration.Schedules;

/// <summary>Deleting a schedule with or without its backups (checked in the bucket), and backing up now from a schedule.</summary>
[Collection(BackupsCollection.Name)]
public sealed class ScheduleDeletionTests(BackupsFixture fixture)
{
    private const string Watched = BackupsFixture.Watched;
    private static readonly Actor Operator = ScheduleEditingTests.Operator;

    private ScheduleService Schedules => fixture.App.Service<ScheduleService>();

    [Fact]
    public async Task DeleteScheduleAsync_KeepingBackups_ScheduleGoneBackupAndItsFilesStay()
    {
        var (schedule, backup) = await ScheduleThatRanAsync();

        var requested = await Schedules.DeleteScheduleAsync(Operator, Watched, schedule, deleteBackups: false, CancellationToken.None).DefaultTimeout();

        requested.ShouldBe(0);
        await Should.ThrowAsync<NotFoundException>(() => Schedules.GetScheduleAsync(Operator, Watched, schedule, CancellationToken.None));
        (await fixture.GetBackupAsync(Watched, backup)).ShouldNotBeNull();
        (await KeysAsync(backup)).ShouldContain($"backups/{backup}/velero-backup.json");
        (await DeleteRequestsAsync(backup)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteScheduleAsync_DeletingBackups_VeleroDeletesThemFromTheBucketAndTheCountIsAudited()
    {
        var (schedule, backup) = await ScheduleThatRanAsync();
        var other = await fixture.CreateBackupAsync(Watched, await fixture.NamespaceWithConfigMapsAsync(Watched, 1));

        var requested = await Schedules.DeleteScheduleAsync(Operator, Watched, schedule, deleteBackups: true, CancellationToken.None).DefaultTimeout();
        await VeleroFixture.WaitAsync(async () => await fixture.GetBackupAsync(Watched, backup) is null ? "gone" : null);

        requested.ShouldBe(1);
        (await KeysAsync(backup)).ShouldBeEmpty();
        (await fixture.GetBackupAsync(Watched, other)).ShouldNotBeNull();
        var audit = (await fixture.App.Service<AuditService>().ListAsync(new AuditQuery(Action: ScheduleService.DeleteAction), new PageRequest(0, 200),
            CancellationToken.None)).Items.Single(e => e.TargetName == schedule);
        (audit.Outcome, audit.Parameters).ShouldBe((AuditOutcome.Succeeded, "{\"deleteBackups\":true,\"backups\":1}"));
    }

    [Fact]
    public async Task DeleteScheduleAsync_UnknownOrViewer_Refused()
    {
        var draft = await ScheduleEditingTests.DraftAsync(fixture, paused: true);
        await ScheduleEditingTests.CreateAsync(fixture, draft);

        await Should.ThrowAsync<ForbiddenException>(() => Schedules.DeleteScheduleAsync(BackupsFixture.Viewer, Watched, draft.Name, true, CancellationToken.None));
        var missing = await Should.ThrowAsync<NotFoundException>(() => Schedules.DeleteScheduleAsync(Operator, Watched, "never-made", true, CancellationToken.None));

        missing.Message.ShouldBe($"There is no schedule never-made on {Watched}.");
        (await Schedules.GetScheduleAsync(Operator, Watched, draft.Name, CancellationToken.None).DefaultTimeout()).Draft.Name.ShouldBe(draft.Name);
    }

    [Fact]
    public async Task BackupNowAsync_PausedSchedule_BackupFromItsTemplateLabelledRequestedAndRecorded()
    {
        var draft = await ScheduleEditingTests.DraftAsync(fixture, paused: true);
        await ScheduleEditingTests.CreateAsync(fixture, draft);
        var now = fixture.App.Time.GetUtcNow().UtcDateTime;

        var name = await Schedules.BackupNowAsync(Operator, Watched, draft.Name, CancellationToken.None).DefaultTimeout();
        var backup = await VeleroFixture.WaitAsync(async () =>
            await fixture.GetBackupAsync(Watched, name) is { } b && (string?)b["status"]?["phase"] == "Completed" ? b : null, ScheduleEditingTests.SubmissionSeconds);
        var record = await VeleroFixture.WaitAsync(async () =>
        {
            await using var db = await fixture.App.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            return await db.BackupRecords.FirstOrDefaultAsync(r => r.Name == name && r.Phase == "Completed");
        });

        name.ShouldMatch($"^{draft.Name}-\\d{{14}}$");
        name.ShouldBe($"{draft.Name}-{now:yyyyMMddHHmmss}");
        ((string?)backup["metadata"]!["labels"]![BackupObject.ScheduleLabel], (string?)backup["metadata"]!["annotations"]![BackupObject.RequestedByAnnotation])
            .ShouldBe((draft.Name, "operator"));
        var spec = backup["spec"]!.DeepClone().AsObject();
        spec.Remove("defaultVolumesToFsBackup");
        var template = BackupSpecWriter.Spec(draft.Template);
        template.Remove("defaultVolumesToFsBackup");
        foreach (var (key, value) in template)
            JsonNode.DeepEquals(spec[key], value).ShouldBeTrue(key);
        (record.Schedule, record.RequestedBy).ShouldBe((draft.Name, "operator"));
    }

    [Fact]
    public async Task BackupNowAsync_TwiceInTheSameSecond_OneBackupAndTheSecondIsRefused()
    {
        var draft = await ScheduleEditingTests.DraftAsync(fixture, paused: true);
        await ScheduleEditingTests.CreateAsync(fixture, draft);

        var first = await Schedules.BackupNowAsync(Operator, Watched, draft.Name, CancellationToken.None).DefaultTimeout();
        var second = await Should.ThrowAsync<ConflictException>(() => Schedules.BackupNowAsync(Operator, Watched, draft.Name, CancellationToken.None));

        // Refused whether the first is still queued or already written.
        second.Message.ShouldStartWith($"Backup {first} ");
        second.Message.ShouldContain("already");
        await VeleroFixture.WaitAsync(() => fixture.GetBackupAsync(Watched, first), ScheduleEditingTests.SubmissionSeconds);
        var list = JsonNode.Parse(KubernetesJson.Serialize(await fixture.Client(Watched).CustomObjects.ListNamespacedCustomObjectAsync("velero.io", "v1",
            VeleroFixture.Namespace, "backups", labelSelector: $"{BackupObject.ScheduleLabel}={draft.Name}").DefaultTimeout()))!;
        list["items"]!.AsArray().Select(b => (string?)b!["metadata"]!["name"]).ShouldBe([first]);
    }

    [Fact]
    public async Task CreateAndBackupNow_ClusterWithoutDataProtection_RefusedBeforeAnyWrite()
    {
        var bare = $"bare-{Guid.NewGuid().ToString("N")[..6]}";
        await fixture.App.Service<ClusterService>().RegisterClusterAsync(BackupsFixture.Admin, new RegisterClusterRequest(bare, null,
            new ClusterCredentials(fixture.Server[Watched].KubeconfigYaml, Watched)), CancellationToken.None).DefaultTimeout();
        var draft = await ScheduleEditingTests.DraftAsync(fixture, paused: true);

        var create = await Should.ThrowAsync<ConflictException>(() => Schedules.CreateScheduleAsync(Operator, bare, draft, CancellationToken.None));
        var now = await Should.ThrowAsync<ConflictException>(() => Schedules.BackupNowAsync(Operator, bare, draft.Name, CancellationToken.None));

        create.Message.ShouldBe($"Data protection is not enabled on {bare}; enable it first.");
        now.Message.ShouldBe(create.Message);
        await Should.ThrowAsync<NotFoundException>(() => Schedules.GetScheduleAsync(Operator, Watched, draft.Name, CancellationToken.None));
    }

    private async Task<(string Schedule, string Backup)> ScheduleThatRanAsync()
    {
        var draft = await ScheduleEditingTests.DraftAsync(fixture, paused: false);
        await ScheduleEditingTests.CreateAsync(fixture, draft);
        var backup = await VeleroFixture.WaitAsync(async () =>
        {
            var list = JsonNode.Parse(KubernetesJson.Serialize(await fixture.Client(Watched).CustomObjects.ListNamespacedCustomObjectAsync("velero.io", "v1",
                VeleroFixture.Namespace, "backups", labelSelector: $"{BackupObject.ScheduleLabel}={draft.Name}").DefaultTimeout()))!;
            return list["items"]!.AsArray().OfType<JsonObject>().FirstOrDefault(b => (string?)b["status"]?["phase"] == "Completed");
        });
        return (draft.Name, BackupObject.Name(backup));
    }

    private async Task<List<string>> KeysAsync(string backup)
    {
        var listing = await fixture.Bucket.ListObjectsV2Async(new ListObjectsV2Request { BucketName = $"velero-{Watched}", Prefix = $"backups/{backup}/" }).DefaultTimeout();
        return [.. (listing.S3Objects ?? []).Select(o => o.Key)];
    }

    private async Task<List<JsonObject>> DeleteRequestsAsync(string backup)
    {
        var list = JsonNode.Parse(KubernetesJson.Serialize(await fixture.Client(Watched).CustomObjects.ListNamespacedCustomObjectAsync("velero.io", "v1",
            VeleroFixture.Namespace, "deletebackuprequests", labelSelector: $"{BackupObject.BackupNameLabel}={backup}").DefaultTimeout()))!;
        return [.. list["items"]!.AsArray().OfType<JsonObject>()];
    }
}
