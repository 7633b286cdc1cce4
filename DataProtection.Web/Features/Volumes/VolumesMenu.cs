using DataProtection.Core.Identity;
using DataProtection.Web.Components.Shared;

namespace DataProtection.Web.Features.Volumes;

internal sealed class VolumesMenu : IMenuProvider
{
    public IEnumerable<NavItem> Items => [new("Volumes", "volumes", MudBlazor.Icons.Material.Filled.SdStorage, 35, Policies.Viewer, "Protect")];
}
