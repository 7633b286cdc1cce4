using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataProtection.Core.Restores;

/// <summary>
/// A restore the dashboard runs itself, object by object from the archive (hand-picked objects no Velero filter selects
/// exactly). It is kept like Velero keeps a Restore: phase, progress, counts, the resource list and results in Velero's
/// file formats and a log, so lists and details read it the same way.
/// </summary>
public sealed class ItemRestoreRun
{
    public long Id { get; set; }

    /// <summary>The target cluster.</summary>
    public int ClusterId { get; set; }

    public string ClusterName { get; set; } = "";

    public string Name { get; set; } = "";

    public int SourceClusterId { get; set; }

    public string SourceClusterName { get; set; } = "";

    public string BackupName { get; set; } = "";

    public string? RequestedBy { get; set; }

    /// <summary>Velero's phases: New, InProgress, Completed, PartiallyFailed, Failed.</summary>
    public string Phase { get; set; } = "New";

    /// <summary>The <see cref="RestoreRequest"/> as JSON.</summary>
    public string RequestJson { get; set; } = "";

    public int TotalItems { get; set; }

    public int ItemsRestored { get; set; }

    public int Warnings { get; set; }

    public int Errors { get; set; }

    /// <summary>Velero's restore resource list: <c>{"v1/ConfigMap": ["ns/name(created)"]}</c>.</summary>
    public string? ResourceListJson { get; set; }

    /// <summary>Velero's results file: warnings and errors for Velero, the cluster and each namespace.</summary>
    public string? ResultsJson { get; set; }

    public string Log { get; set; } = "";

    public string? FailureReason { get; set; }

    public string? JobId { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? StartedUtc { get; set; }

    public DateTime? CompletedUtc { get; set; }

    public bool IsFinal => Phase is "Completed" or "PartiallyFailed" or "Failed";

    public RestoreSummary ToSummary() => new(ClusterName, Name, Phase, BackupName, null,
        $"{TotalItems} picked object{(TotalItems == 1 ? "" : "s")}, item by item" + (SourceClusterName == ClusterName ? "" : $", from {SourceClusterName}"),
        RequestedBy, CreatedUtc, StartedUtc, CompletedUtc, ItemsRestored, TotalItems, Warnings, Errors, FailureReason, []);
}

internal sealed class ItemRestoreRunConfiguration : IEntityTypeConfiguration<ItemRestoreRun>
{
    public void Configure(EntityTypeBuilder<ItemRestoreRun> builder)
    {
        builder.ToTable("ItemRestoreRuns");
        builder.HasIndex(r => new { r.ClusterId, r.Name }).IsUnique();
        builder.HasIndex(r => r.Phase);
    }
}
