using System.Security.Claims;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;

namespace DataProtection.Web.Features.Identity;

public sealed record TokenRequest(string? UserName, string? Password);

public sealed record TokenResponse(string AccessToken, string TokenType, DateTime ExpiresUtc);

public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);

public sealed record PersonalTokenRequest(string? Name, int ExpiresInDays);

public sealed record CreateUserRequest(string? UserName, string? Role, string? Password);

public sealed record PasswordResetRequest(string? NewPassword);

public sealed record MeResponse(string UserName, string Role, bool LocalAccount);

internal static class IdentityApi
{
    public static void MapIdentityApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/auth/token", async (TokenRequest request, AccountService accounts, TokenService tokens, CancellationToken ct) =>
        {
            var signIn = await accounts.SignInAsync(request.UserName, request.Password, AuditSource.API, ct);
            if (!signIn.Succeeded)
            {
                return Results.Problem(statusCode: 401, title: "Sign-in failed", detail: signIn.Error);
            }
            var issued = await tokens.IssueSessionTokenAsync(signIn, ct);
            return Results.Ok(new TokenResponse(issued.Token, "Bearer", issued.Info.ExpiresUtc));
        }).AllowAnonymous().WithTags("Auth").WithSummary("Exchange a local user name and password for a short-lived bearer token");

        var me = v1.MapGroup("/me").WithTags("Me");
        me.MapGet("", (ClaimsPrincipal user) =>
            new MeResponse(user.Identity!.Name!, user.FindFirstValue(ClaimTypes.Role)!, user.IsLocalAccount()));
        me.MapPost("/password", async (PasswordChangeRequest request, ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.ChangePasswordAsync(user.ToActor(AuditSource.API), request.CurrentPassword, request.NewPassword, ct);
            return Results.NoContent();
        }).WithSummary("Change your own password");

        var tokensGroup = v1.MapGroup("/tokens").WithTags("Personal access tokens");
        tokensGroup.MapGet("", (ClaimsPrincipal user, TokenService tokens, CancellationToken ct) =>
            tokens.ListPersonalTokensAsync(user.ToActor(AuditSource.API), ct));
        tokensGroup.MapPost("", async (PersonalTokenRequest request, ClaimsPrincipal user, TokenService tokens, CancellationToken ct) =>
        {
            var issued = await tokens.CreatePersonalTokenAsync(user.ToActor(AuditSource.API), request.Name, request.ExpiresInDays, user.IsLocalAccount(), ct);
            return Results.Created($"/api/v1/tokens/{issued.Info.Id}", issued);
        }).WithSummary("Create a personal access token; the token is in the response only");
        tokensGroup.MapDelete("/{id:int}", async (int id, ClaimsPrincipal user, TokenService tokens, CancellationToken ct) =>
        {
            await tokens.RevokeAsync(user.ToActor(AuditSource.API), id, ct);
            return Results.NoContent();
        }).WithSummary("Revoke a token");

        var users = v1.MapGroup("/users").RequireAuthorization(Policies.Admin).WithTags("Users");
        users.MapGet("", (ClaimsPrincipal user, UserService service, CancellationToken ct) => service.ListAsync(user.ToActor(AuditSource.API), ct));
        users.MapPost("", async (CreateUserRequest request, ClaimsPrincipal user, UserService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(user.ToActor(AuditSource.API), request.UserName, request.Role, request.Password, ct);
            return Results.Created($"/api/v1/users/{created.UserName}", created);
        });
        users.MapPatch("/{userName}", (string userName, UserChanges changes, ClaimsPrincipal user, UserService service, CancellationToken ct) =>
            service.UpdateAsync(user.ToActor(AuditSource.API), userName, changes, ct)).WithSummary("Change a user's role, disable, enable or unlock");
        users.MapPost("/{userName}/password", async (string userName, PasswordResetRequest request, ClaimsPrincipal user, UserService service, CancellationToken ct) =>
        {
            await service.ResetPasswordAsync(user.ToActor(AuditSource.API), userName, request.NewPassword, ct);
            return Results.NoContent();
        }).WithSummary("Set a new password for a user");
    }
}
