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

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        accounts.IsSignInCurrentAsync(state.User, cancellationToken);
}
