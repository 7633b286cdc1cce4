namespace DataProtection.Sandbox.Velero;

/// <summary>How the sandbox's Velero-compatible controller runs in each cluster where Velero is installed.</summary>
/// <param name="Namespace">The install namespace, <c>velero</c> unless <c>velero install --namespace</c> chose another.</param>
public sealed record VeleroOptions(string Namespace = "velero")
{
    /// <summary>Velero's <c>--store-validation-frequency</c> (default 1 minute).</summary>
    public TimeSpan StoreValidationFrequency { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often expired backups are deleted (Velero's <c>--garbage-collection-frequency</c>; 1 minute in the sandbox).</summary>
    public TimeSpan GarbageCollectionFrequency { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Velero's <c>--backup-sync-period</c> (default 1 minute).</summary>
    public TimeSpan BackupSyncPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a cluster without Velero is checked again for its CRDs and Deployment.</summary>
    public TimeSpan InstallCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Pause after each backed-up item, so progress can be watched.</summary>
    public TimeSpan ItemDelay { get; init; } = TimeSpan.Zero;

    /// <summary>How fast the simulated node-agent moves a PodVolumeBackup's bytes; 0 completes each volume in one step.</summary>
    public long VolumeBytesPerSecond { get; init; }

    /// <summary>How often a PodVolumeBackup's status.progress is updated while its bytes move.</summary>
    public TimeSpan VolumeProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
