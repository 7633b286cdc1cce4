using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Restores;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DataProtection.Web.Features.Restores;

/// <summary>
/// One restore: its state follows the cluster's restore watch (progress moves without reloading); once it ends, the
/// restored objects and the log are read through DownloadRequests.
/// </summary>
public partial class RestoreDetailsPage : IDisposable
{
    private RestoreSummary? _restore;
    private IReadOnlyList<RestoredItem>? _items;
    private Core.Backups.BackupLog? _log;
    private string? _error, _itemsError, _logError;
    private IDisposable? _subscription;

    [Parameter] public string Cluster { get; set; } = "";

    [Parameter] public string Name { get; set; } = "";

    [Inject] public required RestoreService Restores { get; init; }

    [Inject] public required RestoreChanges Changes { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    private static bool IsFinal(string phase) => phase is "Completed" or "PartiallyFailed" or "Failed" or "FailedValidation";

    protected override async Task OnParametersSetAsync()
    {
        _subscription ??= Changes.Subscribe(OnChangedAsync);
        (_items, _log, _itemsError, _logError) = (null, null, null, null);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var actor = await CurrentUser.GetActorAsync();
        try
        {
            _restore = await Restores.GetRestoreAsync(actor, Cluster, Name, CancellationToken.None);
            _error = null;
        }
        catch (Exception ex) when (ex is NotFoundException or ForbiddenException or ClusterUnavailableException or HttpRequestException)
        {
            _error = ex.Message;
            return;
        }
        await LoadResultsAsync(actor);
    }

    private async Task LoadResultsAsync(Actor actor)
    {
        if (_restore is null || !IsFinal(_restore.Phase) || _restore.Phase == "FailedValidation")
            return;
        // Velero writes these files when the restore ends; each comes through its own DownloadRequest.
        try
        {
            _items = await Restores.GetRestoredItemsAsync(actor, Cluster, Name, CancellationToken.None);
        }
        catch (Exception ex) when (ex is NotFoundException or TimeoutException or HttpRequestException)
        {
            _itemsError = ex.Message;
        }
        try
        {
            _log = await Restores.GetRestoreLogAsync(actor, Cluster, Name, null, CancellationToken.None);
        }
        catch (Exception ex) when (ex is NotFoundException or TimeoutException or HttpRequestException)
        {
            _logError = ex.Message;
        }
    }

    private Task OnChangedAsync(RestoreChange change)
    {
        if (change.Cluster != Cluster || (!change.IsRelist && change.Name != Name))
            return Task.CompletedTask;
        return InvokeAsync(async () =>
        {
            try
            {
                var wasFinal = _restore is { } before && IsFinal(before.Phase);
                if (change.IsRelist || change.Restore is null)
                {
                    await LoadAsync();
                }
                else
                {
                    _restore = change.Restore;
                    if (!wasFinal && IsFinal(_restore.Phase))
                        await LoadResultsAsync(await CurrentUser.GetActorAsync());
                }
                StateHasChanged();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        });
    }

    private static Color ActionColor(string action) => action switch
    {
        "created" => Color.Success,
        "updated" => Color.Info,
        "failed" => Color.Error,
        _ => Color.Default,
    };

    public void Dispose() => _subscription?.Dispose();
}
