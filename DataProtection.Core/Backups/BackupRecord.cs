using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataProtection.Core.Backups;

/// <summary>
/// One Backup as last seen, kept after Velero expires or deletes it so the history outlives the backups. No foreign key to
/// <see cref="Clusters.Cluster"/>: removing a cluster does not erase its history, and the name is kept for that reason.
/// </summary>
public sealed class BackupRecord
{
    public long Id { get; set; }

    public int ClusterId { get; set; }

    public string ClusterName { get; set; } = "";

    public string Namespace { get; set; } = "";

    public string Name { get; set; } = "";

    public string Uid { get; set; } = "";

    public string Phase { get; set; } = BackupPhases.New;

    public int? QueuePosition { get; set; }

    /// <summary>Included/excluded namespaces and the label selector in one line, e.g. <c>ns: shop, db; labels: app=web</c>.</summary>
    public string Scope { get; set; } = "";

    public string? StorageLocation { get; set; }

    public string? Schedule { get; set; }

    /// <summary>The dashboard user who asked for it, from the <c>dataprotection.io/requested-by</c> annotation.</summary>
    public string? RequestedBy { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? StartedUtc { get; set; }

    public DateTime? CompletedUtc { get; set; }

    public DateTime? ExpiresUtc { get; set; }

    public int? ItemsBackedUp { get; set; }

    public int? TotalItems { get; set; }

    public int Warnings { get; set; }

    public int Errors { get; set; }

    public string? FailureReason { get; set; }

    /// <summary>Bytes of the backup tarball in the bucket, measured once the backup has finished (Velero reports no size).</summary>
    public long? SizeBytes { get; set; }

    public string? ResourceVersion { get; set; }

    /// <summary>Kept beyond its TTL by the dashboard (label <c>dataprotection.io/pinned=true</c>).</summary>
    public bool Pinned { get; set; }

    public DateTime LastSeenUtc { get; set; }

    /// <summary>When the dashboard noticed the Backup was gone (expired, deleted); the row stays.</summary>
    public DateTime? DeletedUtc { get; set; }
}

internal sealed class BackupRecordConfiguration : IEntityTypeConfiguration<BackupRecord>
{
    public void Configure(EntityTypeBuilder<BackupRecord> builder)
    {
        builder.HasIndex(b => new { b.ClusterId, b.Uid }).IsUnique();
        builder.HasIndex(b => new { b.ClusterId, b.Name });
        builder.HasIndex(b => b.CreatedUtc);
        // The list shows live backups (DeletedUtc null) newest first, optionally of one cluster, phase or schedule. Most history
        // rows are expired ones, so these let the page and its count read only the matching live rows, not the whole table.
        builder.HasIndex(b => new { b.DeletedUtc, b.CreatedUtc });
        builder.HasIndex(b => new { b.ClusterName, b.DeletedUtc, b.CreatedUtc });
        builder.HasIndex(b => new { b.Phase, b.DeletedUtc, b.CreatedUtc });
        builder.HasIndex(b => new { b.Schedule, b.DeletedUtc, b.CreatedUtc });
        builder.Property(b => b.ClusterName).HasMaxLength(63);
        builder.Property(b => b.Namespace).HasMaxLength(63);
        builder.Property(b => b.Name).HasMaxLength(253);
        builder.Property(b => b.Uid).HasMaxLength(64);
        builder.Property(b => b.Phase).HasMaxLength(64);
        builder.Property(b => b.Scope).HasMaxLength(2000);
        builder.Property(b => b.StorageLocation).HasMaxLength(253);
        builder.Property(b => b.Schedule).HasMaxLength(253);
        builder.Property(b => b.RequestedBy).HasMaxLength(256);
        builder.Property(b => b.FailureReason).HasMaxLength(2000);
        builder.Property(b => b.ResourceVersion).HasMaxLength(64);
    }
}
