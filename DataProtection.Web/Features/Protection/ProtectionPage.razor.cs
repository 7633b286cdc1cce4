using DataProtection.Core.Common;
using DataProtection.Core.Protection;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DataProtection.Web.Features.Protection;

/// <summary>
/// Status, enable, upgrade and disable for one cluster. A run executes in this circuit so each step shows as it happens;
/// it is not cancelled when the page is left (every wait in it is bounded), and its outcome is stored for the next visit.
/// </summary>
public partial class ProtectionPage : IDisposable
{
    private ProtectionSummary? _status;
    private IReadOnlyList<ProtectionStep> _steps = [];
    private string? _error;
    private bool _busy;
    private bool _disposed;

    [Parameter] public string Cluster { get; set; } = "";

    [Inject] public required ProtectionService Protection { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    protected override Task OnParametersSetAsync() => GuardAsync(async actor => Show(await Protection.GetStatusAsync(actor, Cluster, CancellationToken.None)));

    private Task CheckAsync() => GuardAsync(async actor => Show(await Protection.RefreshStatusAsync(actor, Cluster, CancellationToken.None)));

    private async Task EnableAsync()
    {
        if (await AskAsync<EnableProtectionDialog, EnableProtectionRequest>($"Enable data protection on {Cluster}", new()) is { } request)
        {
            await RunAsync((actor, progress) => Protection.EnableAsync(actor, Cluster, request, progress, CancellationToken.None));
        }
    }

    private async Task UpgradeAsync()
    {
        var parameters = new DialogParameters<EnableProtectionDialog>
        {
            { d => d.Action, "Upgrade" }, { d => d.Version, _status?.InstalledVersion }, { d => d.Registry, _status?.ImageRegistry },
        };
        if (await AskAsync<EnableProtectionDialog, EnableProtectionRequest>($"Upgrade Velero on {Cluster}", parameters) is { } request)
        {
            await RunAsync((actor, progress) => Protection.UpgradeAsync(actor, Cluster, request, progress, CancellationToken.None));
        }
    }

    private async Task DisableAsync()
    {
        var parameters = new DialogParameters<DisableProtectionDialog> { { d => d.Cluster, Cluster }, { d => d.Adopted, _status?.Adopted ?? false } };
        if (await AskAsync<DisableProtectionDialog, DisableProtectionRequest>($"Disable data protection on {Cluster}", parameters) is { } request)
        {
            await RunAsync((actor, progress) => Protection.DisableAsync(actor, Cluster, request, progress, CancellationToken.None));
        }
    }

    private async Task<TResult?> AskAsync<TDialog, TResult>(string title, DialogParameters parameters) where TDialog : IComponent where TResult : class
    {
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        return await dialog.Result is { Canceled: false, Data: TResult result } ? result : null;
    }

    private Task RunAsync(Func<Actor, IProgress<IReadOnlyList<ProtectionStep>>, Task<ProtectionRun>> run) => GuardAsync(async actor =>
    {
        _busy = true;
        try
        {
            var progress = new CircuitProgress(this);
            // No snackbar: the outcome is the status and the steps (and the stored error) shown on the page itself.
            await run(actor, progress);
            Show(await Protection.GetStatusAsync(actor, Cluster, CancellationToken.None));
        }
        finally
        {
            _busy = false;
        }
    });

    private async Task GuardAsync(Func<Actor, Task> work)
    {
        try
        {
            await work(await CurrentUser.GetActorAsync());
            _error = null;
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException or ConflictException or ForbiddenException
            or ClusterUnavailableException or InvalidOperationException)
        {
            _error = ex.Message;
        }
    }

    private void Show(ProtectionSummary status) => (_status, _steps) = (status, status.LastSteps);

    public void Dispose() => _disposed = true;

    /// <summary>Marshals each report onto the circuit; reports after the page is left are dropped.</summary>
    private sealed class CircuitProgress(ProtectionPage page) : IProgress<IReadOnlyList<ProtectionStep>>
    {
        public void Report(IReadOnlyList<ProtectionStep> value) => _ = page.InvokeAsync(() =>
        {
            if (!page._disposed)
            {
                page._steps = value;
                page.StateHasChanged();
            }
        });
    }
}
