using System.Security.Claims;
using DataProtection.Core.Common;

namespace DataProtection.Web.Features.Identity;

public static class ActorExtensions
{
    public static Actor ToActor(this ClaimsPrincipal user, AuditSource source) =>
        new(user.Identity?.Name ?? "(anonymous)", user.FindFirstValue(ClaimTypes.Role) ?? "", source);

    public static bool IsLocalAccount(this ClaimsPrincipal user) =>
        user.FindFirstValue(Core.Identity.ClaimNames.AuthMethod) != Core.Identity.ClaimNames.Entra;
}
