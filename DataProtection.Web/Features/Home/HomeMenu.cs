using DataProtection.Core.Identity;
using DataProtection.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Routing;

namespace DataProtection.Web.Features.Home;

internal sealed class HomeMenu : IMenuProvider
{
    public IEnumerable<NavItem> Items => [new("Overview", "", MudBlazor.Icons.Material.Filled.Dashboard, 10, Policies.Viewer, Match: NavLinkMatch.All)];
}
