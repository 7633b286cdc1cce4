using DataProtection.Core.Common;
using DataProtection.Core.StorageLocations;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DataProtection.Web.Features.StorageLocations;

public partial class StorageLocationDialog
{
    private static readonly HashSet<string> FormFields = ["name", "description", "endpoint", "region", "bucket", "prefix", "accessKey", "secretKey", "caBundle"];
    private string? _name, _description, _endpoint, _region, _bucket, _prefix, _accessKey, _secretKey, _ca, _field, _message;
    private bool _pathStyle = true, _insecure, _saving, _validated;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter]
    public StorageLocationSummary? Existing { get; set; }

    [Inject] public required StorageLocationService Locations { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override void OnInitialized()
    {
        if (Existing is { } e)
        {
            (_name, _description, _endpoint, _region, _bucket, _prefix) = (e.Name, e.Description, e.Endpoint, e.Region, e.Bucket, e.Prefix);
            (_pathStyle, _insecure) = (e.ForcePathStyle, e.InsecureSkipTlsVerify);
        }
    }

    private static bool Shows(string? field) => field is not null && FormFields.Contains(field);

    private StorageLocationInput Input => new(_name, _description, _endpoint, _region, _bucket, _prefix, _pathStyle, _ca, _insecure, _accessKey, _secretKey);

    private async Task ValidateAsync()
    {
        await RunAsync(async actor =>
        {
            var result = await Locations.ValidateAsync(actor, Input, Existing?.Name, CancellationToken.None);
            _validated = result.Succeeded;
            (_field, _message) = (result.Field, result.Error);
        });
    }

    private async Task SaveAsync()
    {
        await RunAsync(async actor =>
        {
            var saved = Existing is null
                ? await Locations.CreateLocationAsync(actor, Input, CancellationToken.None)
                : await Locations.UpdateLocationAsync(actor, Existing.Name, Input, CancellationToken.None);
            Snackbar.Add($"{saved.Name} saved.", Severity.Success);
            Dialog.Close(DialogResult.Ok(saved));
        });
    }

    private async Task RunAsync(Func<Actor, Task> action)
    {
        _saving = true;
        (_field, _message, _validated) = (null, null, false);
        try
        {
            await action(await CurrentUser.GetActorAsync());
        }
        catch (ValidationException ex)
        {
            (_field, _message) = (ex.Field, ex.Message);
        }
        catch (Exception ex) when (ex is ConflictException or ForbiddenException or NotFoundException or ClusterUnavailableException)
        {
            (_field, _message) = (null, ex.Message);
        }
        finally
        {
            _saving = false;
        }
    }
}
