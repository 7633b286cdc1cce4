using Microsoft.AspNetCore.Components.Routing;

namespace DataProtection.Web.Components.Shared;

/// <summary>One drawer entry; <see cref="ForceLoad"/> for pages outside Blazor (/jobs, the API reference). <see cref="Policy"/> hides it from users who could not open it anyway (the page checks again).</summary>
public sealed record NavItem(string Title, string Href, string Icon, int Order, string Policy, string Group = "Protect", NavLinkMatch Match = NavLinkMatch.Prefix, bool ForceLoad = false);

/// <summary>Implemented once per feature (its <c>&lt;Feature&gt;Menu</c>) to contribute its drawer entries.</summary>
public interface IMenuProvider
{
    IEnumerable<NavItem> Items { get; }
}
