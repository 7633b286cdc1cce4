using DataProtection.Core.Common;
using DataProtection.Core.Inventory;
using DataProtection.Web.Features.Clusters;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DataProtection.Web.Features.Inventory;

public partial class InventoryPage
{
    private const int PageSize = 25;

    // The cluster pages by continue token, so keep the token that opens each page index we have seen.
    private readonly Dictionary<int, string?> _pageTokens = new() { [0] = null };
    private MudDataGrid<InventoryObject>? _grid;
    private InventorySummary? _summary;
    private string? _selector, _selectorError, _kind, _namespace, _error;

    [Parameter] public string Cluster { get; set; } = "";

    [Inject] public required InventoryService Inventory { get; init; }

    [Inject] public required ClusterContext ClusterContext { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required ILogger<InventoryPage> Logger { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        if (ClusterContext.LastCluster == Cluster && _summary is not null)
        {
            return;
        }
        // Another cluster in the same page instance: its continue tokens and filters mean nothing here.
        ClusterContext.LastCluster = Cluster;
        (_selector, _selectorError, _kind, _namespace) = (null, null, null, null);
        await ReloadSummaryAsync();
        await ResetGridAsync();
    }

    private async Task ReloadSummaryAsync()
    {
        (_summary, _error) = (null, null);
        try
        {
            _summary = await Inventory.GetInventorySummaryAsync(await CurrentUser.GetActorAsync(), Cluster, CancellationToken.None);
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException or ForbiddenException or ClusterUnavailableException)
        {
            _error = ex.Message;
        }
    }

    private async Task<GridData<InventoryObject>> LoadPageAsync(GridState<InventoryObject> state, CancellationToken cancellationToken)
    {
        if (_selectorError is not null || _error is not null)
        {
            return new GridData<InventoryObject> { Items = [], TotalItems = 0 };
        }
        var page = _pageTokens.ContainsKey(state.Page) ? state.Page : _pageTokens.Keys.Max();
        try
        {
            var result = await Inventory.ListObjectsAsync(await CurrentUser.GetActorAsync(), Cluster, new InventoryQuery(_selector, _namespace, _kind),
                PageSize, _pageTokens[page], cancellationToken);
            if (result.Continue is not null)
            {
                _pageTokens[page + 1] = result.Continue;
            }
            // The total is unknown until the last page: claim one more row while there is a next page, so the pager offers it.
            var total = page * PageSize + result.Items.Count + (result.Continue is null ? 0 : 1);
            return new GridData<InventoryObject> { Items = result.Items, TotalItems = total };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new GridData<InventoryObject> { Items = [], TotalItems = 0 };
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException or ForbiddenException or ClusterUnavailableException)
        {
            Logger.LogWarning("Inventory page of {Cluster} failed: {Error}", Cluster, ex.Message);
            Snackbar.Add(ex.Message, Severity.Error);
            return new GridData<InventoryObject> { Items = [], TotalItems = 0 };
        }
    }

    private async Task SelectorChangedAsync(string? selector)
    {
        _selector = selector;
        try
        {
            InventoryService.ParseSelector(selector);
            _selectorError = null;
        }
        catch (ValidationException ex)
        {
            _selectorError = ex.Message;
        }
        await ResetGridAsync();
    }

    private async Task AddLabelAsync((string Key, string Value) label)
    {
        var term = $"{label.Key}={label.Value}";
        await SelectorChangedAsync(string.IsNullOrWhiteSpace(_selector) ? term : $"{_selector.TrimEnd().TrimEnd(',')},{term}");
    }

    private async Task SelectNamespaceAsync(string? ns)
    {
        _namespace = ns;
        await ResetGridAsync();
    }

    private async Task KindChangedAsync(string? kind)
    {
        _kind = kind;
        await ResetGridAsync();
    }

    private async Task ResetGridAsync()
    {
        _pageTokens.Clear();
        _pageTokens[0] = null;
        if (_grid is not null)
        {
            _grid.NavigateTo(Page.First);
            await _grid.ReloadServerData();
        }
    }

    private async Task ShowAsync(DataGridRowClickEventArgs<InventoryObject> row)
    {
        var parameters = new DialogParameters<ObjectYamlDialog> { { d => d.Cluster, Cluster }, { d => d.Object, row.Item } };
        await Dialogs.ShowAsync<ObjectYamlDialog>($"{row.Item.Kind} {row.Item.Namespace}/{row.Item.Name}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseButton = true });
    }
}
