using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DataProtection.Web.Features.Backups;

public partial class BackupsPage
{
    private MudDataGrid<BackupSummary>? _grid;
    private IReadOnlyList<string> _clusters = [];
    private string? _cluster, _phase, _schedule, _search;
    private DateRange? _range;
    private bool _history;
    private IDisposable? _subscription;
    private int _reloading;
    private List<BackupSummary>? _rows;

    [Parameter] public string? Cluster { get; set; }

    [Inject] public required BackupService Backups { get; init; }

    [Inject] public required BackupChanges Changes { get; init; }

    [Inject] public required ClusterService ClusterService { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required ILogger<BackupsPage> Logger { get; init; }

    private BackupFilter Filter => new(Cluster ?? _cluster, _phase, _schedule,
        _range?.Start is { } from ? DateTime.SpecifyKind(from.Date, DateTimeKind.Utc) : null,
        _range?.End is { } to ? DateTime.SpecifyKind(to.Date.AddDays(1), DateTimeKind.Utc) : null, _search, _history);

    protected override async Task OnInitializedAsync()
    {
        _cluster = Cluster;
        var clusters = await ClusterService.ListClustersAsync(await CurrentUser.GetActorAsync(), CancellationToken.None);
        _clusters = clusters.Select(c => c.Name).ToList();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _subscription = Changes.Subscribe(OnChangedAsync);
        }
    }

    internal static string DetailsUrl(BackupSummary b) => $"clusters/{Uri.EscapeDataString(b.Cluster)}/backups/{Uri.EscapeDataString(b.Name)}";

    private Task OnChangedAsync(BackupChange change)
    {
        if (change.IsLocation || (Cluster ?? _cluster) is { } only && change.Cluster != only)
        {
            return Task.CompletedTask;
        }
        if (change.Summary is not { } changed)
        {
            return ReloadSoonAsync();
        }
        // A row already on this page is replaced in place: no query, only that row re-renders. Anything else reloads.
        return InvokeAsync(() =>
        {
            if (!TryPatch(_rows, changed, _phase, _history))
            {
                return ReloadSoonAsync();
            }
            StateHasChanged();
            return Task.CompletedTask;
        });
    }

    /// <summary>Replaces the shown row of <paramref name="changed"/> when it is on the page and still passes the filters a change can affect.</summary>
    internal static bool TryPatch(List<BackupSummary>? rows, BackupSummary changed, string? phase, bool history)
    {
        if (rows is null || (phase is not null && changed.Phase != phase) || (changed.DeletedUtc is not null && !history))
        {
            return false;
        }
        var index = rows.FindIndex(r => r.Cluster == changed.Cluster && r.Name == changed.Name);
        if (index < 0)
        {
            return false;
        }
        rows[index] = changed;
        return true;
    }

    private Task ReloadSoonAsync()
    {
        // Progress events come in bursts: one reload at a time, and the one running picks up what came meanwhile.
        if (Interlocked.Exchange(ref _reloading, 1) == 1)
        {
            return Task.CompletedTask;
        }
        return InvokeAsync(async () =>
        {
            try
            {
                Interlocked.Exchange(ref _reloading, 0);
                await ReloadAsync();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        });
    }

    private async Task<GridData<BackupSummary>> LoadAsync(GridState<BackupSummary> state, CancellationToken cancellationToken)
    {
        try
        {
            var page = await Backups.ListBackupsAsync(await CurrentUser.GetActorAsync(), Filter, new PageRequest(state.Page, state.PageSize), cancellationToken);
            _rows = [.. page.Items];
            return new GridData<BackupSummary> { Items = _rows, TotalItems = page.TotalCount };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new GridData<BackupSummary>();
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Could not list backups");
            Snackbar.Add(ex.Message, Severity.Error);
            return new GridData<BackupSummary>();
        }
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private async Task DeleteAsync(BackupSummary backup)
    {
        if (await BackupDeletion.ConfirmAndDeleteAsync(Dialogs, Snackbar, Backups, await CurrentUser.GetActorAsync(), backup.Cluster, backup.Name))
        {
            await ReloadAsync();
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
