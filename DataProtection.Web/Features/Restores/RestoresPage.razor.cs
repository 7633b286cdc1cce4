using DataProtection.Core.Restores;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;

namespace DataProtection.Web.Features.Restores;

/// <summary>
/// Every protected cluster's restores, read live once, then kept current from the clusters' restore watches: a changed
/// restore's row is replaced in place (progress, phase), a new one goes on top; only a relist reloads everything.
/// </summary>
public partial class RestoresPage : IDisposable
{
    private RestoreList? _list;
    private IDisposable? _subscription;

    [Inject] public required RestoreService Restores { get; init; }

    [Inject] public required RestoreChanges Changes { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    protected override async Task OnInitializedAsync()
    {
        // Subscribed before the first read, so no change between the read and the subscription is missed.
        _subscription = Changes.Subscribe(OnChangedAsync);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _list = null;
        _list = await Restores.ListRestoresAsync(await CurrentUser.GetActorAsync(), null, CancellationToken.None);
    }

    private Task OnChangedAsync(RestoreChange change) => InvokeAsync(async () =>
    {
        try
        {
            if (change.IsRelist)
            {
                await LoadAsync();
            }
            else if (_list is { } list)
            {
                _list = list with { Items = Apply(list.Items, change) };
            }
            StateHasChanged();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    internal static IReadOnlyList<RestoreSummary> Apply(IReadOnlyList<RestoreSummary> items, RestoreChange change)
    {
        var index = items.ToList().FindIndex(r => r.Cluster == change.Cluster && r.Name == change.Name);
        return (index, change.Restore) switch
        {
            (< 0, null) => items,
            (< 0, { } added) => [added, .. items],
            (_, null) => [.. items.Where((_, i) => i != index)],
            (_, { } changed) => [.. items.Select((r, i) => i == index ? changed : r)],
        };
    }

    public void Dispose() => _subscription?.Dispose();
}
