namespace DataProtection.Core.Backups;

/// <summary>
/// A Backup (or one of its PodVolumeBackups) changed on <see cref="Cluster"/>; with <see cref="IsLocation"/>, one of its
/// BackupStorageLocations did (phase, last validation), which only storage views care about.
/// </summary>
public sealed record BackupChange(string Cluster, string Name, string Phase, bool Deleted, int? ItemsBackedUp = null, int? TotalItems = null,
    long? SizeBytes = null)
{
    /// <summary>Many backups may have changed (after a relist); pages reload everything.</summary>
    public static BackupChange Relisted(string cluster) => new(cluster, "", "", false);

    public static BackupChange LocationChanged(string cluster) => new(cluster, "", "", false) { IsLocation = true };

    public bool IsLocation { get; init; }

    public static BackupChange From(BackupRecord r) => new(r.ClusterName, r.Name, r.Phase, r.DeletedUtc is not null, r.ItemsBackedUp, r.TotalItems, r.SizeBytes);
}

/// <summary>
/// Cross-user notifier: the watch publishes, open pages subscribe and re-render. Handlers run on the publisher's thread,
/// so Blazor components marshal with InvokeAsync; one failing handler does not stop the others.
/// </summary>
public sealed class BackupChanges(Microsoft.Extensions.Logging.ILogger<BackupChanges> logger)
{
    private readonly Lock _lock = new();
    private ImmutableHandlers _handlers = new([]);

    public IDisposable Subscribe(Func<BackupChange, Task> handler)
    {
        lock (_lock)
            _handlers = new([.. _handlers.Items, handler]);
        return new Subscription(this, handler);
    }

    public async Task PublishAsync(BackupChange change)
    {
        foreach (var handler in _handlers.Items)
        {
            try
            {
                await handler(change);
            }
            catch (Exception ex)
            {
                // A closing circuit's handler may throw; the other subscribers still get the change.
                Microsoft.Extensions.Logging.LoggerExtensions.LogDebug(logger, ex, "A backup change handler failed for {Backup} in {Cluster}", change.Name, change.Cluster);
            }
        }
    }

    private void Unsubscribe(Func<BackupChange, Task> handler)
    {
        lock (_lock)
            _handlers = new([.. _handlers.Items.Where(h => h != handler)]);
    }

    private sealed record ImmutableHandlers(IReadOnlyList<Func<BackupChange, Task>> Items);

    private sealed class Subscription(BackupChanges owner, Func<BackupChange, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(handler);
    }
}
