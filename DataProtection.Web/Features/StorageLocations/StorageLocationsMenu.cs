using DataProtection.Core.Identity;
using DataProtection.Web.Components.Shared;

namespace DataProtection.Web.Features.StorageLocations;

internal sealed class StorageLocationsMenu : IMenuProvider
{
    public IEnumerable<NavItem> Items => [new("Storage", "storage", MudBlazor.Icons.Material.Filled.Storage, 70, Policies.Viewer, "Protect")];
}
