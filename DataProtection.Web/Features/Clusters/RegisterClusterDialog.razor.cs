using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace DataProtection.Web.Features.Clusters;

public partial class RegisterClusterDialog
{
    private const long MaxKubeconfigBytes = 512 * 1024;
    private string? _name, _description, _kubeconfig, _context, _server, _token, _ca, _field, _message;
    private IReadOnlyList<string> _contexts = [];
    private ConnectionTestResult? _result;
    private int _tab;
    private bool _saving, _replaceCredentials;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter]
    public ClusterSummary? Existing { get; set; }

    [Inject] public required ClusterService Clusters { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override void OnInitialized() => (_name, _description) = (Existing?.Name, Existing?.Description);

    private ClusterCredentials Credentials => _tab == 0
        ? new ClusterCredentials(Kubeconfig: _kubeconfig, Context: _context)
        : new ClusterCredentials(Server: _server, Token: _token, CertificateAuthority: _ca);

    private bool Shows(string? field) => field switch
    {
        "name" or "description" => true,
        "kubeconfig" or "context" => (Existing is null || _replaceCredentials) && _tab == 0,
        "server" or "token" or "certificateAuthority" => (Existing is null || _replaceCredentials) && _tab == 1,
        _ => false,
    };

    private void KubeconfigChanged(string? text)
    {
        _kubeconfig = text;
        (_field, _message) = (null, null);
        if (string.IsNullOrWhiteSpace(text))
        {
            _contexts = [];
            return;
        }
        try
        {
            _contexts = Clusters.ListContexts(text);
            if (_context is null || !_contexts.Contains(_context))
            {
                _context = _contexts.FirstOrDefault();
            }
        }
        catch (ValidationException ex)
        {
            (_contexts, _field, _message) = ([], ex.Field, ex.Message);
        }
    }

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }
        using var reader = new StreamReader(file.OpenReadStream(MaxKubeconfigBytes));
        KubeconfigChanged(await reader.ReadToEndAsync());
    }

    private Task TestAsync() => RunAsync(async actor =>
    {
        _result = await Clusters.TestConnectionAsync(actor, Credentials, CancellationToken.None);
        if (!_result.Succeeded)
        {
            (_field, _message) = (_result.Field, null);
        }
    });

    private Task SaveAsync() => RunAsync(async actor =>
    {
        if (Existing is null)
        {
            await Clusters.RegisterClusterAsync(actor, new RegisterClusterRequest(_name, _description, Credentials), CancellationToken.None);
        }
        else
        {
            await Clusters.UpdateClusterAsync(actor, Existing.Name, new ClusterChanges(_description ?? "", _replaceCredentials ? Credentials : null), CancellationToken.None);
        }
        Snackbar.Add($"Saved {_name}.", Severity.Success);
        Dialog.Close(DialogResult.Ok(true));
    });

    private async Task RunAsync(Func<Actor, Task> action)
    {
        _saving = true;
        (_field, _message, _result) = (null, null, null);
        try
        {
            await action(await CurrentUser.GetActorAsync());
        }
        catch (ValidationException ex)
        {
            (_field, _message) = (ex.Field, ex.Message);
        }
        catch (Exception ex) when (ex is ConflictException or NotFoundException or ForbiddenException)
        {
            _message = ex.Message;
        }
        finally
        {
            _saving = false;
        }
    }
}
