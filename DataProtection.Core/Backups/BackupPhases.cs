namespace DataProtection.Core.Backups;

/// <summary>Velero's backup phases (pkg/apis/velero/v1/backup_types.go); anything else is shown as Velero wrote it.</summary>
public static class BackupPhases
{
    public const string New = "New";
    public const string Queued = "Queued";
    public const string ReadyToStart = "ReadyToStart";
    public const string InProgress = "InProgress";
    public const string WaitingForPluginOperations = "WaitingForPluginOperations";
    public const string WaitingForPluginOperationsPartiallyFailed = "WaitingForPluginOperationsPartiallyFailed";
    public const string Finalizing = "Finalizing";
    public const string FinalizingPartiallyFailed = "FinalizingPartiallyFailed";
    public const string Completed = "Completed";
    public const string PartiallyFailed = "PartiallyFailed";
    public const string Failed = "Failed";
    public const string FailedValidation = "FailedValidation";
    public const string Deleting = "Deleting";

    public static readonly IReadOnlyList<string> All = [New, Queued, ReadyToStart, InProgress, WaitingForPluginOperations,
        WaitingForPluginOperationsPartiallyFailed, Finalizing, FinalizingPartiallyFailed, Completed, PartiallyFailed, Failed, FailedValidation, Deleting];

    /// <summary>Phases in which Velero is still writing the backup, so deleting it is refused.</summary>
    public static readonly IReadOnlySet<string> Running = new HashSet<string>([New, Queued, ReadyToStart, InProgress, WaitingForPluginOperations,
        WaitingForPluginOperationsPartiallyFailed, Finalizing, FinalizingPartiallyFailed]);

    /// <summary>A Backup without status has not been seen by Velero yet; Velero reports it as New.</summary>
    public static string Of(string? phase) => string.IsNullOrEmpty(phase) ? New : phase;
}
