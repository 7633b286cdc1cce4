using DataProtection.Core.Common;
using Microsoft.AspNetCore.Components.Authorization;

namespace DataProtection.Web.Features.Identity;

/// <summary>The signed-in user of this circuit, as an <see cref="Actor"/> for Core services.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    public async Task<Actor> GetActorAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.ToActor(AuditSource.UI);
    }
}
