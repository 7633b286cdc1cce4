using DataProtection.Core.Identity;
using DataProtection.Web.Components.Shared;

namespace DataProtection.Web.Features.Inventory;

internal sealed class InventoryMenu : IMenuProvider
{
    public IEnumerable<NavItem> Items => [new("Inventory", "inventory", MudBlazor.Icons.Material.Filled.AccountTree, 30, Policies.Viewer, "Protect")];
}
