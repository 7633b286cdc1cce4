namespace DataProtection.Core.Backups;

/// <summary>
/// A Backup (or one of its PodVolumeBackups) changed on <see cref="Cluster"/>; with <see cref="IsLocation"/>, one of its
/// BackupStorageLocations did (phase, last validation), which only storage views care about.
/// </summary>
public sealed record BackupChange(string Cluster, string Name, string Phase, bool Deleted, int? ItemsBackedUp = null, int? TotalItems = null,
    long? SizeBytes = null)
{
    /// <summary>Many backups may have changed (after a relist); pages reload everything.</summary>
    public static BackupChange Relisted(string cluster) => new(cluster, "", "", false);

    public static BackupChange LocationChanged(string cluster) => new(cluster, "", "", false) { IsLocation = true };

    public bool IsLocation { get; init; }

    /// <summary>The backup's whole row as lists show it, when the change comes from its history row (pages patch it in place).</summary>
    public BackupSummary? Summary { get; init; }

    public static BackupChange From(BackupRecord r) =>
        new(r.ClusterName, r.Name, r.Phase, r.DeletedUtc is not null, r.ItemsBackedUp, r.TotalItems, r.SizeBytes) { Summary = BackupSummary.From(r) };
}

/// <summary>Backup changes for open pages (see <see cref="Common.ChangeFeed{T}"/>).</summary>
public sealed class BackupChanges(Microsoft.Extensions.Logging.ILogger<BackupChanges> logger) : Common.ChangeFeed<BackupChange>(logger);
