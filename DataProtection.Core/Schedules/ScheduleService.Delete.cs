using DataProtection.Core.Common;

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
        throw new NotImplementedException();

    /// <summary>
    /// What <c>velero backup create --from-schedule</c> does: a Backup <c>&lt;schedule&gt;-yyyyMMddHHmmss</c> with the schedule's template
    /// and labels, submitted exactly once. Returns the backup's name. Operator, audited as <see cref="BackupNowAction"/>.
    /// </summary>
    public Task<string> BackupNowAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
