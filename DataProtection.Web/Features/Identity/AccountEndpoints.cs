using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace DataProtection.Web.Features.Identity;

/// <summary>Browser sign-in hand-offs that need a plain HTTP request (cookies cannot be set from a circuit).</summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post carrying the antiforgery token that the AntiforgeryToken component renders, so other sites cannot sign users out.
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, IAuditLog audit, IOptions<EntraOptions> entra) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Problem(statusCode: 400, title: "Bad request", detail: "The sign-out form has expired; reload the page and try again.");
            }
            await audit.WriteAsync(context.User.ToActor(AuditSource.UI), AuditActions.SignOut, null, AuditOutcome.Succeeded, null, context.RequestAborted);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (entra.Value.Enabled)
            {
                return Results.SignOut(new AuthenticationProperties { RedirectUri = "/login?signedOut=true" }, [OpenIdConnectDefaults.AuthenticationScheme]);
            }
            return Results.LocalRedirect("/login?signedOut=true");
        }).RequireAuthorization().DisableAntiforgery();

        app.MapGet("/account/signin-entra", (string? returnUrl) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]))
            .AllowAnonymous();
    }

    /// <summary>Only local paths, so the sign-in page cannot be used to send users to another site.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
