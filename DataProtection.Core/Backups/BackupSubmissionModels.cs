namespace DataProtection.Core.Backups;

/// <summary>A backup the dashboard accepted: its name is final, and <see cref="JobId"/> is the Hangfire job that creates it.</summary>
public sealed record SubmittedBackup(string Cluster, string Name, string JobId);

/// <summary>Where a submission stands: Pending (queued or retrying, <see cref="Error"/> says why), Created, or Failed for good.</summary>
public sealed record SubmissionStatus(string Cluster, string Kind, string Name, SubmissionState State, string? Error, string? RequestedBy,
    int Attempts, string? JobId, DateTime SubmittedUtc, DateTime? CompletedUtc)
{
    public static SubmissionStatus From(ResourceSubmission s) =>
        new(s.ClusterName, s.Kind, s.Name, s.State, s.Error, s.RequestedBy, s.Attempts, s.JobId, s.SubmittedUtc, s.CompletedUtc);
}

/// <summary>
/// A backup after pin or unpin. <see cref="Expiration"/> is the one now set; <see cref="Warning"/> is set when unpinning restores
/// an expiry already past (Velero's garbage collection will delete the backup within the hour).
/// </summary>
public sealed record PinResult(string Cluster, string Name, bool Pinned, DateTime? Expiration, DateTime? OriginalExpiration, string? Warning);
