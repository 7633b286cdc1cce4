using DataProtection.Core.Identity;
using DataProtection.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Routing;

namespace DataProtection.Web.Features.Clusters;

internal sealed class ClustersMenu : IMenuProvider
{
    // Exact match: /clusters/{cluster}/inventory belongs to Inventory, not to the cluster list.
    public IEnumerable<NavItem> Items => [new("Clusters", "clusters", MudBlazor.Icons.Material.Filled.Hub, 20, Policies.Viewer, "Protect", NavLinkMatch.All)];
}
