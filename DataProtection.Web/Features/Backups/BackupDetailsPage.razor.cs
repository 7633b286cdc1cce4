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
    private bool _pinning;
    private (string Text, Severity Severity)? _pinNotice;

    [Parameter] public string Cluster { get; set; } = "";

    [Parameter] public string Name { get; set; } = "";

    [Inject] public required BackupService Backups { get; init; }

    [Inject] public required BackupChanges Changes { get; init; }

    [Inject] public required BackupPinService Pins { get; init; }

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

    // Pinning moves status.expiration a century ahead (the original is kept on the Backup); unpinning puts it back.
    private async Task TogglePinAsync()
    {
        _pinning = true;
        try
        {
            var actor = await CurrentUser.GetActorAsync();
            var result = _details!.Summary.Pinned
                ? await Pins.UnpinBackupAsync(actor, Cluster, Name, CancellationToken.None)
                : await Pins.PinBackupAsync(actor, Cluster, Name, CancellationToken.None);
            // Shown inline: a snackbar would sit over the header's buttons, this one included.
            _pinNotice = (result.Warning ?? (_details.Summary.Pinned ? "Unpinned: the backup expires as its TTL says." : "Pinned: Velero keeps it until it is unpinned."),
                result.Warning is null ? Severity.Success : Severity.Warning);
            await LoadAsync();
        }
        catch (Exception ex) when (ex is ConflictException or NotFoundException or ForbiddenException or ValidationException)
        {
            _pinNotice = (ex.Message, Severity.Error);
        }
        finally
        {
            _pinning = false;
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
