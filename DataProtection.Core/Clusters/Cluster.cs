using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataProtection.Core.Clusters;

public sealed class Cluster
{
    public int Id { get; set; }

    /// <summary>DNS-1123 label; part of every URL (<c>/clusters/{name}/...</c>).</summary>
    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string Server { get; set; } = "";

    /// <summary>The normalised single-context kubeconfig, encrypted with <see cref="Secrets.ISecretProtector"/>.</summary>
    public string ProtectedKubeconfig { get; set; } = "";

    public bool Enabled { get; set; } = true;

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public bool? Reachable { get; set; }

    public string? KubernetesVersion { get; set; }

    public int? NamespaceCount { get; set; }

    public bool? VeleroCrdsPresent { get; set; }

    public bool? VeleroDeploymentPresent { get; set; }

    public string? VeleroVersion { get; set; }

    public DateTime? LastContactUtc { get; set; }

    public DateTime? LastCheckedUtc { get; set; }

    public string? LastError { get; set; }
}

internal sealed class ClusterConfiguration : IEntityTypeConfiguration<Cluster>
{
    public void Configure(EntityTypeBuilder<Cluster> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(63);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Description).HasMaxLength(500);
        builder.Property(c => c.Server).HasMaxLength(2048);
        builder.Property(c => c.KubernetesVersion).HasMaxLength(64);
        builder.Property(c => c.VeleroVersion).HasMaxLength(128);
        builder.Property(c => c.LastError).HasMaxLength(2000);
    }
}
