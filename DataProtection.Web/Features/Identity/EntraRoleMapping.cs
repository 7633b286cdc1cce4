using System.Security.Claims;
using DataProtection.Core.Identity;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace DataProtection.Web.Features.Identity;

/// <summary>Turns Entra ID app roles (the <c>roles</c> claim) into exactly one of our roles.</summary>
internal static class EntraRoleMapping
{
    public static void Configure(OpenIdConnectOptions options)
    {
        var previous = options.Events.OnTokenValidated;
        options.Events.OnTokenValidated = async context =>
        {
            await previous(context);
            if (context.Principal?.Identity is ClaimsIdentity identity)
            {
                Apply(identity);
            }
        };
    }

    public static void Apply(ClaimsIdentity identity)
    {
        var appRoles = identity.FindAll("roles").Concat(identity.FindAll(ClaimTypes.Role)).Select(c => c.Value).ToList();
        foreach (var claim in identity.FindAll(ClaimTypes.Role).ToList())
        {
            identity.RemoveClaim(claim);
        }

        identity.AddClaim(new Claim(ClaimNames.AuthMethod, ClaimNames.Entra));
        if (Roles.FromEntraAppRoles(appRoles) is { } role)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }
    }
}
