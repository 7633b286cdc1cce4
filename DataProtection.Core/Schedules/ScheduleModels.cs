namespace DataProtection.Core.Schedules;

/// <summary>A Velero Schedule as the list shows it; <see cref="LastBackup"/> comes from the dashboard's backup history.</summary>
public sealed record ScheduleSummary(
    string Cluster, string Name, string Cron, bool Paused, string Phase, IReadOnlyList<string> ValidationErrors,
    DateTime? LastBackupUtc, string? Ttl, LastBackup? LastBackup, string ResourceVersion);

public sealed record LastBackup(string Name, string Phase, DateTime CreatedUtc, bool Gone);

/// <summary>The schedules of every reachable cluster, and the clusters that could not be read (the others still show).</summary>
public sealed record ScheduleList(IReadOnlyList<ScheduleSummary> Items, IReadOnlyList<ClusterProblem> Unreachable);

public sealed record ClusterProblem(string Cluster, string Message);
