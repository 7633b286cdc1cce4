using DataProtection.Core.Clusters;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataProtection.Core.Protection;

/// <summary>What the dashboard knows about Velero on one cluster: the last enable/upgrade/disable and the last status check.</summary>
public sealed class ProtectionState
{
    public int Id { get; set; }

    public int ClusterId { get; set; }

    public Cluster? Cluster { get; set; }

    public ProtectionStatus Status { get; set; }

    /// <summary>The version the dashboard installed (image tag), or the adopted deployment's image tag.</summary>
    public string? InstalledVersion { get; set; }

    /// <summary>What Velero itself reported through a ServerStatusRequest.</summary>
    public string? ServerVersion { get; set; }

    public string? ImageRegistry { get; set; }

    /// <summary>Velero was found installed by someone else; the dashboard does not change or remove it unless forced.</summary>
    public bool Adopted { get; set; }

    public string? StoragePhase { get; set; }

    /// <summary>The steps of the last run as JSON, so a page opened later still shows where it stopped.</summary>
    public string? LastSteps { get; set; }

    public string? LastError { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public DateTime? LastCheckedUtc { get; set; }
}

public enum ProtectionStatus
{
    NotInstalled,
    Installing,
    Ready,
    Error,
}

internal sealed class ProtectionStateConfiguration : IEntityTypeConfiguration<ProtectionState>
{
    public void Configure(EntityTypeBuilder<ProtectionState> builder)
    {
        builder.HasIndex(p => p.ClusterId).IsUnique();
        builder.HasOne(p => p.Cluster).WithOne().HasForeignKey<ProtectionState>(p => p.ClusterId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(p => p.InstalledVersion).HasMaxLength(128);
        builder.Property(p => p.ServerVersion).HasMaxLength(128);
        builder.Property(p => p.ImageRegistry).HasMaxLength(253);
        builder.Property(p => p.StoragePhase).HasMaxLength(32);
        builder.Property(p => p.LastError).HasMaxLength(4000);
    }
}
