using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Restores;
using DataProtection.Core.Schedules;

namespace DataProtection.Web.Features.Restores.Wizard;

/// <summary>What the restore wizard lists: a cluster's restorable backups and schedules, and the items of the chosen backup.</summary>
public sealed class RestoreWizardData(BackupService backups, ScheduleService schedules, BackupContentsService contents)
{
    private const int MaxBackups = 500;

    /// <summary>Completed or PartiallyFailed backups, newest first (the only ones Velero restores).</summary>
    public IReadOnlyList<BackupSummary> Backups { get; private set; } = [];

    public IReadOnlyList<ScheduleSummary> Schedules { get; private set; } = [];

    /// <summary>Every item of <see cref="ItemsOf"/>; null while not loaded.</summary>
    public IReadOnlyList<ContentsItem>? Items { get; private set; }

    public string? ItemsOf { get; private set; }

    /// <summary>The backup a schedule restore would take: the schedule's newest good backup.</summary>
    public string? LatestOf(string? schedule) => Backups.FirstOrDefault(b => b.Schedule == schedule)?.Name;

    /// <summary>Null when loaded; otherwise why the cluster could not be read.</summary>
    public async Task<string?> LoadClusterAsync(Actor actor, string cluster, CancellationToken ct)
    {
        (Backups, Schedules, Items, ItemsOf) = ([], [], null, null);
        try
        {
            var page = await backups.ListBackupsAsync(actor, new BackupFilter(Cluster: cluster), new PageRequest(0, MaxBackups), ct);
            Backups = [.. page.Items.Where(b => b.Phase is BackupPhases.Completed or BackupPhases.PartiallyFailed)];
            var list = await schedules.ListSchedulesAsync(actor, cluster, ct);
            Schedules = [.. list.Items.OrderBy(s => s.Name, StringComparer.Ordinal)];
            return list.Unreachable.FirstOrDefault()?.Message;
        }
        catch (Exception ex) when (ex is ClusterUnavailableException or NotFoundException or ForbiddenException or ValidationException)
        {
            return ex.Message;
        }
    }

    /// <summary>Null when loaded; otherwise why the backup's contents could not be read.</summary>
    public async Task<string?> LoadItemsAsync(Actor actor, string cluster, string backup, CancellationToken ct)
    {
        if (ItemsOf == backup && Items is not null)
            return null;
        (Items, ItemsOf) = (null, backup);
        try
        {
            Items = await contents.ListItemsAsync(actor, cluster, backup, ct);
            return null;
        }
        catch (Exception ex) when (ex is ClusterUnavailableException or NotFoundException or ConflictException or ForbiddenException or BackupArchiveException
            or TimeoutException or HttpRequestException)
        {
            Items = [];
            return ex.Message;
        }
    }
}
