using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DataProtection.Web.Features.Backups;

public partial class BackupDetailsPage
{
    private BackupDetails? _details;
    private string? _error;
    private IDisposable? _subscription;
    private int _reloading;

    [Parameter] public string Cluster { get; set; } = "";

    [Parameter] public string Name { get; set; } = "";

    [Inject] public required BackupService Backups { get; init; }

    [Inject] public required BackupChanges Changes { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override Task OnParametersSetAsync() => LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _subscription = Changes.Subscribe(OnChangedAsync);
        }
    }

    private Task OnChangedAsync(BackupChange change)
    {
        if (change.IsLocation || change.Cluster != Cluster || (change.Name != Name && change.Name != "") || Interlocked.Exchange(ref _reloading, 1) == 1)
        {
            return Task.CompletedTask;
        }
        return InvokeAsync(async () =>
        {
            try
            {
                Interlocked.Exchange(ref _reloading, 0);
                await LoadAsync();
                StateHasChanged();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        });
    }

    private async Task LoadAsync()
    {
        try
        {
            _details = await Backups.GetBackupAsync(await CurrentUser.GetActorAsync(), Cluster, Name, CancellationToken.None);
            _error = null;
        }
        catch (Exception ex) when (ex is NotFoundException or ForbiddenException or ClusterUnavailableException or Core.Kubernetes.KubernetesApiException or HttpRequestException)
        {
            _error = ex.Message;
        }
    }

    private async Task DeleteAsync()
    {
        if (await BackupDeletion.ConfirmAndDeleteAsync(Dialogs, Snackbar, Backups, await CurrentUser.GetActorAsync(), Cluster, Name))
        {
            await LoadAsync();
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
