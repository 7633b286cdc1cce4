using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Web.Components.Shared;
using MudBlazor;

namespace DataProtection.Web.Features.Backups;

/// <summary>The shared ConfirmDialog (type the name), then the DeleteBackupRequest; refusals are shown as Velero explains them.</summary>
internal static class BackupDeletion
{
    public static async Task<bool> ConfirmAndDeleteAsync(IDialogService dialogs, ISnackbar snackbar, BackupService backups, Actor actor, string cluster, string name)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Name, name },
            { d => d.Message, $"Velero deletes the backup {name} of {cluster} and its files in the storage location. Its history stays here." },
        };
        var dialog = await dialogs.ShowAsync<ConfirmDialog>($"Delete backup {name}?", parameters);
        if (await dialog.Result is not { Canceled: false })
        {
            return false;
        }
        try
        {
            await backups.DeleteBackupAsync(actor, cluster, name, name, CancellationToken.None);
            snackbar.Add($"Velero is deleting {name}.", Severity.Success);
            return true;
        }
        catch (Exception ex) when (ex is ConflictException or NotFoundException or ForbiddenException or ValidationException)
        {
            snackbar.Add($"Cannot delete {name}: {ex.Message}", Severity.Error);
            return false;
        }
    }
}
