using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataProtection.Core.Restores;

/// <summary>
/// A backup's items, read once from its tarball and kept, so browsing and label filters never re-read the archive. Keyed by
/// the Backup's uid: a new backup under an old name is indexed afresh. Rows are written in one transaction (never partial).
/// </summary>
public sealed class BackupIndex
{
    public long Id { get; set; }

    public int ClusterId { get; set; }

    public string BackupName { get; set; } = "";

    public string BackupUid { get; set; } = "";

    public int ItemCount { get; set; }

    public DateTime IndexedUtc { get; set; }

    public List<BackupIndexItem> Items { get; set; } = [];
}

public sealed class BackupIndexItem
{
    public long Id { get; set; }

    public long BackupIndexId { get; set; }

    /// <summary>The group-resource as in the tarball's paths, e.g. <c>deployments.apps</c>.</summary>
    public string Resource { get; set; } = "";

    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    /// <summary>Empty for cluster-scoped items (SQLite indexes treat NULLs as distinct, and "" sorts first).</summary>
    public string Namespace { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The item's labels as a JSON object; null when it has none.</summary>
    public string? Labels { get; set; }
}

internal sealed class BackupIndexConfiguration : IEntityTypeConfiguration<BackupIndex>
{
    public void Configure(EntityTypeBuilder<BackupIndex> builder)
    {
        builder.HasIndex(i => new { i.ClusterId, i.BackupUid }).IsUnique();
        builder.Property(i => i.BackupName).HasMaxLength(253);
        builder.Property(i => i.BackupUid).HasMaxLength(64);
        builder.HasMany(i => i.Items).WithOne().HasForeignKey(i => i.BackupIndexId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BackupIndexItemConfiguration : IEntityTypeConfiguration<BackupIndexItem>
{
    public void Configure(EntityTypeBuilder<BackupIndexItem> builder)
    {
        builder.HasIndex(i => new { i.BackupIndexId, i.Namespace, i.Kind, i.Name });
        builder.Property(i => i.Resource).HasMaxLength(253);
        builder.Property(i => i.ApiVersion).HasMaxLength(253);
        builder.Property(i => i.Kind).HasMaxLength(253);
        builder.Property(i => i.Namespace).HasMaxLength(63);
        builder.Property(i => i.Name).HasMaxLength(253);
    }
}
