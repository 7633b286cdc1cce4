using DataProtection.Core.Identity;
using DataProtection.Web.Components.Shared;

namespace DataProtection.Web.Features.Schedules;

internal sealed class SchedulesMenu : IMenuProvider
{
    public IEnumerable<NavItem> Items => [new("Schedules", "schedules", MudBlazor.Icons.Material.Filled.Schedule, 50, Policies.Viewer, "Protect")];
}
