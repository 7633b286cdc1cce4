using DataProtection.Core.Identity;
using DataProtection.Web.Components.Shared;
using MudBlazor;

namespace DataProtection.Web.Features.Settings;

internal sealed class SettingsMenu : IMenuProvider
{
    public IEnumerable<NavItem> Items =>
    [
        new("Audit", "audit", Icons.Material.Filled.Policy, 100, Policies.Viewer, "Administer"),
        new("Users", "settings/users", Icons.Material.Filled.People, 110, Policies.Admin, "Administer"),
        new("Jobs", "jobs", Icons.Material.Filled.WorkHistory, 120, Policies.Admin, "Administer", ForceLoad: true),
        new("API", "api/reference", Icons.Material.Filled.Api, 130, Policies.Viewer, "Administer", ForceLoad: true),
        new("Settings", "settings", Icons.Material.Filled.Settings, 140, Policies.Admin, "Administer", Microsoft.AspNetCore.Components.Routing.NavLinkMatch.All),
    ];
}
