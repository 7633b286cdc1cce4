using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Identity.Web;

namespace DataProtection.Web.Features.Identity;

internal static class WebAuthenticationExtensions
{
    public const string SmartScheme = "DataProtection";

    /// <summary>Cookies for browsers (local accounts or Entra ID), bearer tokens for scripts; the header decides.</summary>
    public static void AddWebAuthentication(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddConfigSection<EntraOptions>();
        var entra = !string.IsNullOrWhiteSpace(builder.Configuration[$"{EntraOptions.SectionName}:{nameof(EntraOptions.ClientId)}"]);
        services.Configure<AccountsOptions>(o => o.LocalAccountsEnabled = !entra);

        var authentication = services.AddAuthentication(o =>
        {
            o.DefaultScheme = SmartScheme;
            o.DefaultChallengeScheme = SmartScheme;
        });
        authentication.AddPolicyScheme(SmartScheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = context =>
            context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? ApiTokenAuthenticationHandler.SchemeName
                : CookieAuthenticationDefaults.AuthenticationScheme);
        authentication.AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        if (entra)
        {
            authentication.AddMicrosoftIdentityWebApp(builder.Configuration.GetSection(EntraOptions.SectionName));
            services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, EntraRoleMapping.Configure);
            // Browsers land on /login, which hands over to Entra ID; API callers get 401 (CookieEvents).
            services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, CookieEvents.Configure);
        }
        else
        {
            authentication.AddCookie(CookieEvents.Configure);
        }

        services.AddAuthorization(Policies.Configure);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();
        services.AddScoped<CurrentUser>();
    }
}
