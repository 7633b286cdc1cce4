using DataProtection.Core.Identity;
using DataProtection.Web.Components.Shared;

namespace DataProtection.Web.Features.Backups;

internal sealed class BackupsMenu : IMenuProvider
{
    public IEnumerable<NavItem> Items => [new("Backups", "backups", MudBlazor.Icons.Material.Filled.Backup, 40, Policies.Viewer, "Protect")];
}
