namespace DataProtection.Core.Restores;

/// <summary>A Velero Restore as the list shows it; progress is itemsRestored/totalItems.</summary>
public sealed record RestoreSummary(string Cluster, string Name, string Phase, string? BackupName, string? ScheduleName, string Scope,
    string? RequestedBy, DateTime? CreatedUtc, DateTime? StartedUtc, DateTime? CompletedUtc, int? ItemsRestored, int? TotalItems, int Warnings, int Errors,
    string? FailureReason, IReadOnlyList<string> ValidationErrors)
{
    public double? Percent => TotalItems is > 0 && ItemsRestored is { } done ? Math.Min(100, 100.0 * done / TotalItems.Value) : null;
}

public sealed record RestoreList(IReadOnlyList<RestoreSummary> Items, IReadOnlyList<Schedules.ClusterProblem> Unreachable);

/// <summary>One line of Velero's restore resource list: what happened to one object.</summary>
public sealed record RestoredItem(string GroupVersionKind, string? Namespace, string Name, string Action);

/// <summary>The restore as created: its name, the CR as YAML and the equivalent velero command.</summary>
public sealed record CreatedRestore(string Cluster, string Name, string Yaml, string Command);
