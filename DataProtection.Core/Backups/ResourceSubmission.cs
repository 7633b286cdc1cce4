using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataProtection.Core.Backups;

public enum SubmissionState
{
    Pending,
    Created,
    Failed,
}

/// <summary>
/// A custom resource (Backup, Schedule, …) the dashboard asked to create on a cluster, with its name fixed and its JSON stored
/// before the job that creates it is enqueued. This row, not Hangfire, is the truth about whether it was created.
/// </summary>
public sealed class ResourceSubmission
{
    public long Id { get; set; }

    /// <summary>Written into the CR as <c>dataprotection.io/submission</c>, so a repeat recognises its own object.</summary>
    public Guid SubmissionId { get; set; }

    public int ClusterId { get; set; }

    public string ClusterName { get; set; } = "";

    /// <summary>Velero's kind, e.g. <c>Backup</c> or <c>Schedule</c>.</summary>
    public string Kind { get; set; } = "";

    public string Namespace { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The whole CR as it will be sent (annotation included).</summary>
    public string ResourceJson { get; set; } = "";

    public string? RequestedBy { get; set; }

    public SubmissionState State { get; set; } = SubmissionState.Pending;

    /// <summary>Why it failed (or, while Pending, why the last attempt did).</summary>
    public string? Error { get; set; }

    public int Attempts { get; set; }

    public string? JobId { get; set; }

    public DateTime SubmittedUtc { get; set; }

    public DateTime? CompletedUtc { get; set; }

    /// <summary>
    /// Set when the CR may only be created once a Velero Backup shows on the cluster (a restore of another cluster's backup,
    /// waiting for Velero's sync): the Backup's path, e.g. <c>apis/velero.io/v1/namespaces/velero/backups/b-1</c>.
    /// </summary>
    public string? AwaitBackupPath { get; set; }

    /// <summary>The BackupStorageLocation the awaited Backup must come from.</summary>
    public string? AwaitLocation { get; set; }

    /// <summary>Past this the submission fails and nothing is created.</summary>
    public DateTime? AwaitDeadlineUtc { get; set; }
}

internal sealed class ResourceSubmissionConfiguration : IEntityTypeConfiguration<ResourceSubmission>
{
    public void Configure(EntityTypeBuilder<ResourceSubmission> builder)
    {
        builder.ToTable("Submissions");
        builder.HasIndex(s => s.SubmissionId).IsUnique();
        builder.HasIndex(s => new { s.ClusterId, s.Kind, s.Name });
        builder.HasIndex(s => s.State);
        builder.Property(s => s.ClusterName).HasMaxLength(63);
        builder.Property(s => s.Kind).HasMaxLength(63);
        builder.Property(s => s.Namespace).HasMaxLength(63);
        builder.Property(s => s.Name).HasMaxLength(253);
        builder.Property(s => s.RequestedBy).HasMaxLength(256);
        builder.Property(s => s.Error).HasMaxLength(2000);
        builder.Property(s => s.JobId).HasMaxLength(64);
        builder.Property(s => s.AwaitBackupPath).HasMaxLength(512);
        builder.Property(s => s.AwaitLocation).HasMaxLength(253);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
    }
}
