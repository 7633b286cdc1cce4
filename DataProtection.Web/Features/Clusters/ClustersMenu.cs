using DataProtection.Core.Identity;
using DataProtection.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Routing;

namespace DataProtection.Web.Features.Clusters;

internal sealed class ClustersMenu : IMenuProvider
{
    public IEnumerable<NavItem> Items => 
    // Exact match: /clusters/{cluster}/inventory belongs to Inventory, not to the cluster list.
    [new("Clusters", "clusters", MudBlazor.Icons.Material.Filled.Hub, 20, Policies.Viewer, "Protect", NavLinkMatch.All)];
}
