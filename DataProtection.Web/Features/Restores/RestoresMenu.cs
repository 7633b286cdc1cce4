using DataProtection.Core.Identity;
using DataProtection.Web.Components.Shared;

namespace DataProtection.Web.Features.Restores;

internal sealed class RestoresMenu : IMenuProvider
{
    public IEnumerable<NavItem> Items => [new("Restores", "restores", MudBlazor.Icons.Material.Filled.SettingsBackupRestore, 60, Policies.Viewer, "Protect")];
}
