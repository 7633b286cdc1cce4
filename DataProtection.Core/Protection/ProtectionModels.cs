namespace DataProtection.Core.Protection;

/// <param name="Version">A Velero version from <see cref="VeleroVersions.Supported"/>; null takes the newest.</param>
/// <param name="ImageRegistry">For air-gapped clusters: images are pulled from <c>&lt;registry&gt;/velero/...</c> instead of Docker Hub.</param>
public sealed record EnableProtectionRequest(string? Version = null, string? ImageRegistry = null);

public enum BackupDisposition
{
    /// <summary>Backups stay in the bucket, so another or a new cluster can restore them.</summary>
    Keep,

    /// <summary>Every backup is deleted through a DeleteBackupRequest and checked gone before Velero is removed.</summary>
    Delete,
}

/// <param name="Force">Also uninstall a Velero the dashboard adopted rather than installed.</param>
public sealed record DisableProtectionRequest(BackupDisposition Backups, bool Force = false);

public enum StepState
{
    Pending,
    Running,
    Done,
    Skipped,
    Failed,
}

public sealed record ProtectionStep(string Name, StepState State, string? Detail = null);

/// <summary>The outcome of enable, upgrade or disable: every step with its state; on failure, what completed and what remains.</summary>
public sealed record ProtectionRun(bool Succeeded, IReadOnlyList<ProtectionStep> Steps, string? Error)
{
    public IEnumerable<string> Remaining => Steps.Where(s => s.State is StepState.Pending or StepState.Failed or StepState.Running).Select(s => s.Name);
}

public sealed record ProtectionSummary(
    string Cluster,
    ProtectionStatus Status,
    string? InstalledVersion,
    string? ServerVersion,
    string? ImageRegistry,
    bool Adopted,
    string? StoragePhase,
    IReadOnlyList<ProtectionStep> LastSteps,
    string? LastError,
    DateTime? UpdatedUtc,
    DateTime? LastCheckedUtc);
