using DataProtection.Core.Common;
using DataProtection.Core.StorageLocations;
using DataProtection.Web.Components.Shared;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DataProtection.Web.Features.StorageLocations;

public partial class StorageLocationsPage
{
    private IReadOnlyList<StorageLocationSummary>? _locations;
    private IReadOnlyList<string> _clusterNames = [];
    private StorageLocationSummary? _selected;
    private string? _error;

    [Inject] public required StorageLocationService Locations { get; init; }

    [Inject] public required Core.Clusters.ClusterService Clusters { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    private bool CanAdmin { get; set; }

    protected override async Task OnInitializedAsync()
    {
        CanAdmin = (await CurrentUser.GetActorAsync()).IsInRole(Core.Identity.Roles.Admin);
        await LoadAsync();
    }

    internal static string UsageText(StorageUsagePoint? usage) => usage is null
        ? "not counted yet"
        : $"{FormatBytes(usage.Bytes)} in {usage.Objects:N0} objects";

    internal static string FormatBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : $"{value:0.0} {units[unit]}";
    }

    private async Task LoadAsync()
    {
        try
        {
            var actor = await CurrentUser.GetActorAsync();
            _locations = await Locations.ListLocationsAsync(actor, CancellationToken.None);
            _clusterNames = (await Clusters.ListClustersAsync(actor, CancellationToken.None)).Select(c => c.Name).ToList();
            _selected = _selected is null ? null : _locations.FirstOrDefault(l => l.Name == _selected.Name);
            _error = null;
        }
        catch (ForbiddenException ex)
        {
            _error = ex.Message;
        }
    }

    private Task SelectAsync(StorageLocationSummary location)
    {
        _selected = location;
        return Task.CompletedTask;
    }

    private Task AddAsync() => ShowAsync<StorageLocationDialog>("Add customer location", []);

    private Task EditAsync(StorageLocationSummary location) =>
        ShowAsync<StorageLocationDialog>($"Edit {location.Name}", new DialogParameters<StorageLocationDialog> { { d => d.Existing, location } });

    private Task AssignAsync(StorageLocationSummary location) =>
        ShowAsync<AssignStorageDialog>($"Assign {location.Name}", new DialogParameters<AssignStorageDialog> { { d => d.Location, location }, { d => d.Clusters, _clusterNames } });

    private async Task ShowAsync<TDialog>(string title, DialogParameters parameters) where TDialog : IComponent
    {
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            await LoadAsync();
        }
    }

    private async Task UnassignAsync(StorageLocationSummary location, string cluster)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Name, location.Name },
            { d => d.Message, $"Remove {location.Name} from {cluster}? Its BackupStorageLocation and credentials Secret are deleted there; backups in the bucket stay." },
            { d => d.Action, "Unassign" },
        };
        if (await (await Dialogs.ShowAsync<ConfirmDialog>("Unassign storage", parameters)).Result is { Canceled: false })
        {
            await RunAsync(actor => Locations.UnassignAsync(actor, location.Name, cluster, CancellationToken.None), $"{location.Name} unassigned from {cluster}.");
        }
    }

    private async Task DeleteAsync(StorageLocationSummary location)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Name, location.Name },
            { d => d.Message, $"Delete {location.Name} from the dashboard? Its stored keys are deleted; the bucket is not touched." },
            { d => d.Action, "Delete" },
        };
        if (await (await Dialogs.ShowAsync<ConfirmDialog>("Delete storage location", parameters)).Result is { Canceled: false })
        {
            await RunAsync(actor => Locations.DeleteLocationAsync(actor, location.Name, CancellationToken.None), $"{location.Name} deleted.");
        }
    }

    private async Task RunAsync(Func<Actor, Task> action, string success)
    {
        try
        {
            await action(await CurrentUser.GetActorAsync());
            Snackbar.Add(success, Severity.Success);
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException or ForbiddenException or ConflictException or ClusterUnavailableException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        await LoadAsync();
    }
}
