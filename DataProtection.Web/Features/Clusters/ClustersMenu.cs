using DataProtection.Core.Identity;
using DataProtection.Web.Components.Shared;

namespace DataProtection.Web.Features.Clusters;

internal sealed class ClustersMenu : IMenuProvider
{
    public IEnumerable<NavItem> Items => [new("Clusters", "clusters", MudBlazor.Icons.Material.Filled.Hub, 20, Policies.Viewer, "Protect")];
}
