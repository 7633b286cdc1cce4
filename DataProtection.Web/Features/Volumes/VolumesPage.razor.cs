using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Volumes;
using DataProtection.Web.Features.Clusters;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DataProtection.Web.Features.Volumes;

public partial class VolumesPage
{
    private const int PageSize = 50;

    private IReadOnlyList<string>? _namespaces;
    private List<PodVolumes>? _pods;
    private string? _continue, _error, _loadedCluster, _loadedNamespace;
    private bool _canEdit, _saving, _loading;

    [Parameter] public string Cluster { get; set; } = "";

    [Parameter] public string? Namespace { get; set; }

    [Inject] public required VolumeService Volumes { get; init; }

    [Inject] public required ClusterContext ClusterContext { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        var actor = await CurrentUser.GetActorAsync();
        _canEdit = actor.IsInRole(Roles.Operator);
        if (_loadedCluster != Cluster)
        {
            (_loadedCluster, _namespaces, _error) = (Cluster, null, null);
            ClusterContext.LastCluster = Cluster;
            _namespaces = await RunAsync(() => Volumes.ListNamespacesAsync(actor, Cluster, CancellationToken.None));
        }
        if (_loadedNamespace != Namespace || _pods is null)
        {
            _loadedNamespace = Namespace;
            await ReloadAsync();
        }
    }

    private void SelectNamespace(string ns) =>
        Navigation.NavigateTo($"clusters/{Uri.EscapeDataString(Cluster)}/volumes/{Uri.EscapeDataString(ns)}");

    private async Task ReloadAsync()
    {
        (_pods, _continue, _error) = (null, null, null);
        if (Namespace is null)
        {
            return;
        }
        var page = await RunAsync(async () => await Volumes.ListPodVolumesAsync(await CurrentUser.GetActorAsync(), Cluster, Namespace, PageSize, null, CancellationToken.None));
        (_pods, _continue) = page is null ? (null, null) : (page.Items.ToList(), page.Continue);
    }

    private async Task LoadMoreAsync()
    {
        _loading = true;
        try
        {
            var page = await RunAsync(async () => await Volumes.ListPodVolumesAsync(await CurrentUser.GetActorAsync(), Cluster, Namespace!, PageSize, _continue, CancellationToken.None));
            if (page is not null)
            {
                _pods!.AddRange(page.Items);
                _continue = page.Continue;
            }
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task ToggleAsync((PodVolumes Pod, PodVolume Volume, bool OptedIn) change)
    {
        _saving = true;
        try
        {
            var result = await Volumes.SetOptInAsync(await CurrentUser.GetActorAsync(), Cluster, Namespace!, change.Pod.Pod, change.Volume.Name, change.OptedIn, CancellationToken.None);
            ApplyToSiblings(result);
            var where = result.Owner.Kind == "Pod" ? $"pod {change.Pod.Pod}" : $"{result.Owner.Kind} {result.Owner.Name}; its pods pick it up when they roll";
            Snackbar.Add($"Volume {change.Volume.Name} {(change.OptedIn ? "opted in" : "opted out")} on {where}.", Severity.Success);
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException or ForbiddenException or ConflictException or ClusterUnavailableException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _saving = false;
        }
    }

    // Every pod of the same owner shares the template we just patched; their running state is unchanged until they roll.
    private void ApplyToSiblings(SetOptInResult result)
    {
        for (var i = 0; i < _pods!.Count; i++)
        {
            if (_pods[i].Owner != result.Owner)
            {
                continue;
            }
            var volumes = _pods[i].Volumes.Select(v =>
            {
                var live = v.OptedIn != v.PendingRollout;
                var optedIn = result.BackupVolumes.Contains(v.Name);
                return v with { OptedIn = optedIn, PendingRollout = result.Owner.Kind != "Pod" && optedIn != live };
            }).ToList();
            _pods[i] = _pods[i] with { Volumes = volumes };
        }
    }

    private async Task<T?> RunAsync<T>(Func<Task<T>> load) where T : class
    {
        try
        {
            return await load();
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException or ForbiddenException or ClusterUnavailableException)
        {
            _error = ex.Message;
            return null;
        }
    }
}
