namespace DataProtection.Core.Backups;

/// <summary>List filters; every one is optional. Dates bound the backup's creation time.</summary>
public sealed record BackupFilter(string? Cluster = null, string? Phase = null, string? Schedule = null, DateTime? From = null,
    DateTime? To = null, string? Search = null, bool IncludeDeleted = false);

public sealed record BackupSummary(string Cluster, string Name, string Phase, int? QueuePosition, string Scope, string? StorageLocation,
    string? Schedule, string? RequestedBy, DateTime CreatedUtc, DateTime? StartedUtc, DateTime? CompletedUtc, DateTime? ExpiresUtc,
    int? ItemsBackedUp, int? TotalItems, int Warnings, int Errors, long? SizeBytes, string? FailureReason, DateTime? DeletedUtc, bool Pinned = false)
{
    public static BackupSummary From(BackupRecord r) => new(r.ClusterName, r.Name, r.Phase, r.QueuePosition, r.Scope, r.StorageLocation, r.Schedule,
        r.RequestedBy, r.CreatedUtc, r.StartedUtc, r.CompletedUtc, r.ExpiresUtc, r.ItemsBackedUp, r.TotalItems, r.Warnings, r.Errors, r.SizeBytes,
        r.FailureReason, r.DeletedUtc, r.Pinned);

    /// <summary>0–100 from itemsBackedUp/totalItems; null before Velero has counted the items.</summary>
    public double? Percent => TotalItems is > 0 && ItemsBackedUp is { } done ? Math.Min(100, 100.0 * done / TotalItems.Value) : null;
}

/// <summary>A PodVolumeBackup's progress: one pod volume copied by the node-agent.</summary>
public sealed record VolumeProgress(string Pod, string Volume, string Phase, long? BytesDone, long? TotalBytes, string? Message);

/// <summary>One step of the status timeline, in time order.</summary>
public sealed record TimelineEntry(string Label, DateTime At);

/// <summary>What the details page shows; <see cref="Json"/> is the Backup as Velero stores it in velero-backup.json.</summary>
public sealed record BackupDetails(BackupSummary Summary, bool Live, IReadOnlyDictionary<string, string> Spec, IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<VolumeProgress> Volumes, string? Json);

/// <summary>Warnings and errors by where they happened: Velero itself, cluster-scoped resources, and each namespace.</summary>
public sealed record BackupMessages(IReadOnlyList<string> Velero, IReadOnlyList<string> Cluster, IReadOnlyDictionary<string, IReadOnlyList<string>> Namespaces);

public sealed record BackupResults(BackupMessages Errors, BackupMessages Warnings);

public sealed record BackupLog(IReadOnlyList<string> Lines, int TotalLines)
{
    /// <summary>A gunzipped Velero log; <paramref name="search"/> keeps only lines containing it (case-insensitive).</summary>
    public static BackupLog From(string text, string? search)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var matching = string.IsNullOrWhiteSpace(search) ? lines : lines.Where(l => l.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase)).ToArray();
        return new BackupLog(matching, lines.Length);
    }
}
