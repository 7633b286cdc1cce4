using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataProtection.Core.StorageLocations;

public enum StorageEncryption
{
    None,
    SseS3,
    SseKms,
}

/// <summary>The dashboard's own S3 account (one row); each cluster gets a prefix in its bucket.</summary>
public sealed class ManagedStorageAccount
{
    public int Id { get; set; }

    public string Endpoint { get; set; } = "";

    public string Region { get; set; } = "";

    public string Bucket { get; set; } = "";

    public bool ForcePathStyle { get; set; } = true;

    public string? CaBundle { get; set; }

    public bool InsecureSkipTlsVerify { get; set; }

    public string ProtectedAccessKey { get; set; } = "";

    public string ProtectedSecretKey { get; set; } = "";

    public StorageEncryption Encryption { get; set; }

    public string? KmsKeyId { get; set; }

    public DateTime UpdatedUtc { get; set; }
}

/// <summary>One usage scan of a location's root: all objects under its prefix, from paged ListObjectsV2.</summary>
public sealed class StorageUsageSample
{
    public long Id { get; set; }

    public int StorageLocationId { get; set; }

    public long Bytes { get; set; }

    public long Objects { get; set; }

    public DateTime TimeUtc { get; set; }
}

internal sealed class ManagedStorageAccountConfiguration : IEntityTypeConfiguration<ManagedStorageAccount>
{
    public void Configure(EntityTypeBuilder<ManagedStorageAccount> builder)
    {
        builder.Property(a => a.Endpoint).HasMaxLength(2048);
        builder.Property(a => a.Region).HasMaxLength(64);
        builder.Property(a => a.Bucket).HasMaxLength(63);
        builder.Property(a => a.Encryption).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.KmsKeyId).HasMaxLength(2048);
    }
}

internal sealed class StorageUsageSampleConfiguration : IEntityTypeConfiguration<StorageUsageSample>
{
    public void Configure(EntityTypeBuilder<StorageUsageSample> builder)
    {
        builder.HasIndex(s => new { s.StorageLocationId, s.TimeUtc });
        builder.HasOne<StorageLocation>().WithMany().HasForeignKey(s => s.StorageLocationId).OnDelete(DeleteBehavior.Cascade);
    }
}
