using System.Security.Claims;
using DataProtection.Core.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace DataProtection.Web.Features.Identity;

/// <summary>
/// A circuit outlives the HTTP request that opened it; this re-checks a local sign-in every minute so a disabled user
/// or a changed role or password takes effect in open tabs too.
/// </summary>
internal sealed class RevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, AccountService accounts)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        var user = state.User;
        if (user.FindFirstValue(ClaimNames.AuthMethod) != ClaimNames.Cookie)
        {
            return true;
        }

        var role = await accounts.ValidateSignInAsync(user.Identity!.Name!, user.FindFirstValue(ClaimNames.SecurityStamp), cancellationToken);
        return role is not null && role == user.FindFirstValue(ClaimTypes.Role);
    }
}
