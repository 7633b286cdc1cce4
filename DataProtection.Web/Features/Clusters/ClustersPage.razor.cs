using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Web.Components.Shared;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DataProtection.Web.Features.Clusters;

public partial class ClustersPage
{
    private readonly HashSet<string> _busy = [];
    private IReadOnlyList<ClusterSummary>? _clusters;
    private string? _error;

    [Inject] public required ClusterService Clusters { get; init; }

    [Inject] public required ClusterHealthService Health { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    internal static string VeleroText(ClusterHealth? health) => health switch
    {
        null => "–",
        { VeleroDeploymentPresent: true } => health.VeleroVersion ?? "installed (unknown version)",
        { VeleroCrdsPresent: true } => "CRDs only, no deployment",
        { Reachable: true } => "not installed",
        _ => "–",
    };

    private async Task LoadAsync()
    {
        try
        {
            _clusters = await Clusters.ListClustersAsync(await CurrentUser.GetActorAsync(), CancellationToken.None);
            _error = null;
        }
        catch (ForbiddenException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task RegisterAsync()
    {
        var dialog = await Dialogs.ShowAsync<RegisterClusterDialog>("Register cluster", new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            await LoadAsync();
        }
    }

    private async Task EditAsync(ClusterSummary cluster)
    {
        var parameters = new DialogParameters<RegisterClusterDialog> { { d => d.Existing, cluster } };
        var dialog = await Dialogs.ShowAsync<RegisterClusterDialog>($"Edit {cluster.Name}", parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            await LoadAsync();
        }
    }

    private async Task RefreshAsync(ClusterSummary cluster)
    {
        _busy.Add(cluster.Name);
        try
        {
            var refreshed = await Health.RefreshClusterHealthAsync(await CurrentUser.GetActorAsync(), cluster.Name, CancellationToken.None);
            Snackbar.Add(refreshed.Health?.Error ?? $"{cluster.Name} is reachable.", refreshed.Health?.Healthy == true ? Severity.Success : Severity.Error);
        }
        catch (Exception ex) when (ex is NotFoundException or ForbiddenException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _busy.Remove(cluster.Name);
        }
        await LoadAsync();
    }

    private async Task SetEnabledAsync(ClusterSummary cluster, bool enabled) =>
        await RunAsync(async actor => await Clusters.SetEnabledAsync(actor, cluster.Name, enabled, CancellationToken.None),
            $"{cluster.Name} {(enabled ? "enabled" : "disabled")}.");

    private async Task RemoveAsync(ClusterSummary cluster)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Name, cluster.Name },
            { d => d.Message, $"Remove {cluster.Name} from the dashboard? Its stored credentials are deleted; nothing in the cluster changes." },
            { d => d.Action, "Remove" },
        };
        var dialog = await Dialogs.ShowAsync<ConfirmDialog>("Remove cluster", parameters);
        if (await dialog.Result is { Canceled: false })
        {
            await RunAsync(actor => Clusters.RemoveClusterAsync(actor, cluster.Name, CancellationToken.None), $"{cluster.Name} removed.");
        }
    }

    private async Task RunAsync(Func<Actor, Task> action, string success)
    {
        try
        {
            await action(await CurrentUser.GetActorAsync());
            Snackbar.Add(success, Severity.Success);
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException or ForbiddenException or ConflictException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        await LoadAsync();
    }
}
