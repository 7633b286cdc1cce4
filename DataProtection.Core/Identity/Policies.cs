using Microsoft.AspNetCore.Authorization;

namespace DataProtection.Core.Identity;

/// <summary>The one place where authorization policies are defined; pages, endpoints and /jobs all use these names.</summary>
public static class Policies
{
    public const string Viewer = "Viewer";
    public const string Operator = "Operator";
    public const string Admin = "Admin";

    public static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(Viewer, p => p.RequireAuthenticatedUser().RequireRole(Roles.Viewer, Roles.Operator, Roles.Admin));
        options.AddPolicy(Operator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Operator, Roles.Admin));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        // Everything not marked otherwise needs a signed-in user with one of our roles.
        options.FallbackPolicy = options.GetPolicy(Viewer);
    }
}
