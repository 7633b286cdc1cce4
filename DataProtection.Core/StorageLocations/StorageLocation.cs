using DataProtection.Core.Clusters;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataProtection.Core.StorageLocations;

public enum StorageKind
{
    /// <summary>A prefix of the dashboard's own S3 account, one per cluster; its keys are never shown.</summary>
    Managed,
    Customer,
}

public sealed class StorageLocation
{
    public int Id { get; set; }

    /// <summary>Also the BackupStorageLocation's name in every cluster it is assigned to.</summary>
    public string Name { get; set; } = "";

    public StorageKind Kind { get; set; }

    public string Description { get; set; } = "";

    /// <summary>Customer locations only; managed ones take endpoint, bucket and keys from the managed account.</summary>
    public string Endpoint { get; set; } = "";

    public string Region { get; set; } = "";

    public string Bucket { get; set; } = "";

    public string Prefix { get; set; } = "";

    public bool ForcePathStyle { get; set; } = true;

    public string? CaBundle { get; set; }

    public bool InsecureSkipTlsVerify { get; set; }

    public string? ProtectedAccessKey { get; set; }

    public string? ProtectedSecretKey { get; set; }

    /// <summary>The cluster a managed location belongs to.</summary>
    public int? OwnerClusterId { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public List<StorageAssignment> Assignments { get; set; } = [];
}

public sealed class StorageAssignment
{
    public int Id { get; set; }

    public int StorageLocationId { get; set; }

    public StorageLocation? Location { get; set; }

    public int ClusterId { get; set; }

    public Cluster? Cluster { get; set; }

    public StorageAccessMode AccessMode { get; set; }

    public bool IsDefault { get; set; }

    /// <summary>An Admin accepted the two-writers warning.</summary>
    public bool Forced { get; set; }

    public DateTime CreatedUtc { get; set; }
}

public enum StorageAccessMode
{
    ReadWrite,
    ReadOnly,
}

internal sealed class StorageLocationConfiguration : IEntityTypeConfiguration<StorageLocation>
{
    public void Configure(EntityTypeBuilder<StorageLocation> builder)
    {
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.HasIndex(l => l.Name).IsUnique();
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(l => l.Description).HasMaxLength(500);
        builder.Property(l => l.Endpoint).HasMaxLength(2048);
        builder.Property(l => l.Region).HasMaxLength(64);
        builder.Property(l => l.Bucket).HasMaxLength(63);
        builder.Property(l => l.Prefix).HasMaxLength(512);
        builder.HasOne<Cluster>().WithMany().HasForeignKey(l => l.OwnerClusterId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StorageAssignmentConfiguration : IEntityTypeConfiguration<StorageAssignment>
{
    public void Configure(EntityTypeBuilder<StorageAssignment> builder)
    {
        builder.Property(a => a.AccessMode).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(a => new { a.StorageLocationId, a.ClusterId }).IsUnique();
        builder.HasOne(a => a.Location).WithMany(l => l.Assignments).HasForeignKey(a => a.StorageLocationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Cluster).WithMany().HasForeignKey(a => a.ClusterId).OnDelete(DeleteBehavior.Cascade);
    }
}
