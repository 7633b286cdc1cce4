using System.Globalization;
using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Protection;

namespace DataProtection.Core.Schedules;

public sealed partial class ScheduleService
{
    public const string DeleteAction = "schedule.delete";
    public const string BackupNowAction = "schedule.backup-now";

    /// <summary>
    /// Deletes the Schedule; with <paramref name="deleteBackups"/> also asks Velero (a DeleteBackupRequest each) to delete every backup
    /// labelled with its name. Returns how many backups were asked to be deleted. Operator, audited as <see cref="DeleteAction"/>.
    /// </summary>
    public Task<int> DeleteScheduleAsync(Actor actor, string cluster, string name, bool deleteBackups, CancellationToken cancellationToken) =>
        _audit.RunAsync(actor, DeleteAction, async scope =>
        {
            scope.Target = Target(cluster, name);
            actor.Require(Roles.Operator);
            var found = await ClusterService.FindAsync(scope.Db, cluster, scope.CancellationToken);
            var client = await _clients.GetAsync(found.Id, scope.CancellationToken);
            // Deleted first, so it cannot start another backup while its backups are being deleted.
            if (!await client.DeleteAsync($"{VeleroPath}/schedules/{name}", scope.CancellationToken))
            {
                throw Missing(found.Name, name);
            }
            var requested = 0;
            if (deleteBackups)
            {
                // As `velero backup delete --selector velero.io/schedule-name=<name>`: Velero itself refuses any still in progress.
                var backups = (await client.ListAllAsync($"{VeleroPath}/backups", scope.CancellationToken))
                    .Where(b => (string?)b["metadata"]?["labels"]?[BackupObject.ScheduleLabel] == name);
                foreach (var backup in backups)
                {
                    await client.CreateAsync($"{VeleroPath}/deletebackuprequests", BackupService.DeleteRequest(backup, _namespace), scope.CancellationToken);
                    requested++;
                }
            }
            scope.Parameters = new { deleteBackups, backups = requested };
            return requested;
        }, cancellationToken);

    /// <summary>
    /// What <c>velero backup create --from-schedule</c> does: a Backup <c>&lt;schedule&gt;-yyyyMMddHHmmss</c> with the schedule's template
    /// and labels, submitted exactly once. Returns the backup's name. Operator, audited as <see cref="BackupNowAction"/>.
    /// </summary>
    public async Task<string> BackupNowAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken)
    {
        var staged = await _audit.RunAsync(actor, BackupNowAction, async scope =>
        {
            scope.Target = Target(cluster, name);
            actor.Require(Roles.Operator);
            var found = await ClusterService.FindAsync(scope.Db, cluster, scope.CancellationToken);
            await RequireProtectedAsync(scope.Db, found, scope.CancellationToken);
            var client = await _clients.GetAsync(found.Id, scope.CancellationToken);
            var schedule = await client.GetAsync($"{VeleroPath}/schedules/{name}", scope.CancellationToken) ?? throw Missing(found.Name, name);
            var backup = FromSchedule(schedule, _time.GetUtcNow(), actor.Name);
            var row = await StageAsync(scope.Db, found, "backups", backup, actor.Name, scope.CancellationToken);
            scope.Parameters = new { backup = row.Name, submission = row.SubmissionId };
            return row;
        }, cancellationToken);
        await _submitter.EnqueueAsync(staged, CancellationToken.None);
        return staged.Name;
    }

    /// <summary>
    /// Velero's BackupBuilder.FromSchedule under the CLI's timestamped name: the template as the spec, the template's labels (else the
    /// schedule's) plus <c>velero.io/schedule-name</c>, the schedule's annotations, and who asked.
    /// </summary>
    internal JsonObject FromSchedule(JsonObject schedule, DateTimeOffset now, string requestedBy)
    {
        var metadata = schedule["metadata"]!;
        var name = (string)metadata["name"]!;
        var spec = (schedule["spec"]?["template"] as JsonObject)?.DeepClone().AsObject() ?? [];
        var labels = (spec["metadata"]?["labels"] as JsonObject ?? metadata["labels"] as JsonObject)?.DeepClone().AsObject() ?? [];
        labels[BackupObject.ScheduleLabel] = name;
        var annotations = (metadata["annotations"] as JsonObject)?.DeepClone().AsObject() ?? [];
        annotations[BackupObject.RequestedByAnnotation] = requestedBy;
        var backupMetadata = new JsonObject
        {
            ["name"] = $"{name}-{now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}",
            ["namespace"] = _namespace,
            ["labels"] = labels,
            ["annotations"] = annotations,
        };
        if ((bool?)schedule["spec"]?["useOwnerReferencesInBackup"] == true)
        {
            backupMetadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "velero.io/v1",
                ["kind"] = "Schedule",
                ["name"] = name,
                ["uid"] = (string?)metadata["uid"],
                ["controller"] = true,
            });
        }
        return new JsonObject { ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup", ["metadata"] = backupMetadata, ["spec"] = spec };
    }
}
