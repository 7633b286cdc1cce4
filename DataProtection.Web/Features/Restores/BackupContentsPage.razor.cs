using DataProtection.Core.Common;
using DataProtection.Core.Inventory;
using DataProtection.Core.Restores;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DataProtection.Web.Features.Restores;

/// <summary>
/// What a backup holds: a tree of namespaces and kinds with counts, and a grid of the items, both from the backup's index
/// and filtered server-side by name and label selector. A row opens the object as it was backed up;
/// checked rows open the restore wizard with exactly those objects.
/// </summary>
public partial class BackupContentsPage
{
    private const int PageSize = 50;

    private readonly HashSet<RestoreItemRef> _picked = [];
    private MudDataGrid<ContentsItem>? _grid;
    private BackupContents? _contents;
    private string? _namespace, _kind, _search, _selector, _selectorError, _error;

    [Parameter] public string Cluster { get; set; } = "";

    [Parameter] public string Name { get; set; } = "";

    [Inject] public required BackupContentsService Contents { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    private async Task<GridData<ContentsItem>> LoadPageAsync(GridState<ContentsItem> state, CancellationToken cancellationToken)
    {
        if (_selectorError is not null)
            return new GridData<ContentsItem> { Items = [], TotalItems = 0 };
        try
        {
            var query = new ContentsQuery(_selector, _search, _namespace, _kind, state.Page * PageSize, PageSize);
            _contents = await Contents.GetContentsAsync(await CurrentUser.GetActorAsync(), Cluster, Name, query, cancellationToken);
            _error = null;
            var total = _contents.Groups.Where(g => (_namespace is null || g.Namespace == _namespace) && (_kind is null || g.Kind == _kind)).Sum(g => g.Count);
            StateHasChanged();
            return new GridData<ContentsItem> { Items = _contents.Items, TotalItems = total };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new GridData<ContentsItem> { Items = [], TotalItems = 0 };
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException or ConflictException or ForbiddenException or BackupArchiveException
            or ClusterUnavailableException or TimeoutException or HttpRequestException)
        {
            _error = ex.Message;
            StateHasChanged();
            return new GridData<ContentsItem> { Items = [], TotalItems = 0 };
        }
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private Task SelectAsync(string? ns, string? kind)
    {
        (_namespace, _kind) = (ns, kind);
        return ReloadAsync();
    }

    private Task SearchChangedAsync(string? search)
    {
        _search = search;
        return ReloadAsync();
    }

    private Task SelectorChangedAsync(string? selector)
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
        return ReloadAsync();
    }

    private Task AddLabelAsync(string key, string value) =>
        SelectorChangedAsync(string.IsNullOrWhiteSpace(_selector) ? $"{key}={value}" : $"{_selector.TrimEnd().TrimEnd(',')},{key}={value}");

    /// <summary>The wizard with the picked objects as <c>item=resource/namespace/name</c>.</summary>
    private string RestoreHref => $"restores/new?cluster={Uri.EscapeDataString(Cluster)}&backup={Uri.EscapeDataString(Name)}"
        + string.Concat(_picked.Select(p => "&item=" + Uri.EscapeDataString($"{p.Resource}/{p.Namespace}/{p.Name}")));

    private void Pick(ContentsItem item, bool pick)
    {
        if (pick)
            _picked.Add(Wizard.PickTree.Ref(item));
        else
            _picked.Remove(Wizard.PickTree.Ref(item));
    }

    private Task ShowAsync(DataGridRowClickEventArgs<ContentsItem> row) =>
        Dialogs.ShowAsync<BackupItemDialog>($"{row.Item.Kind} {row.Item.Name}", new DialogParameters<BackupItemDialog>
        {
            { d => d.Cluster, Cluster },
            { d => d.Backup, Name },
            { d => d.Item, row.Item },
        }, new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseButton = true });
}
