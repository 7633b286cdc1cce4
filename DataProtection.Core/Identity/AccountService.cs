using System.Security.Claims;
using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Identity;

public sealed record SignInResult(bool Succeeded, string UserName, string? Role, string? SecurityStamp, string? Error)
{
    public static SignInResult Failed(string userName, string error) => new(false, userName, null, null, error);
}

/// <summary>Local accounts: sign-in with lockout, own password changes, and checks that a sign-in is still valid.</summary>
public sealed class AccountService(
    IDbContextFactory<AppDbContext> dbFactory,
    IAuditLog audit,
    IPasswordHasher<LocalUser> hasher,
    IOptions<AccountsOptions> options,
    TimeProvider time)
{
    internal const string WrongCredentials = "The user name or password is incorrect.";

    public async Task<SignInResult> SignInAsync(string? userName, string? password, AuditSource source, CancellationToken cancellationToken)
    {
        var typed = UserNames.ForAudit(userName);
        return await audit.RunAsync(new Actor(typed, "", source), AuditActions.SignIn, async scope =>
        {
            scope.Target = AuditTarget.User(typed);
            if (!options.Value.LocalAccountsEnabled)
            {
                scope.Fail("Local accounts are disabled.");
                return SignInResult.Failed(typed, "Local accounts are disabled; sign in with your organisation's identity provider.");
            }

            var now = time.GetUtcNow().UtcDateTime;
            var user = await scope.Db.Users.FirstOrDefaultAsync(u => u.UserName == typed, scope.CancellationToken);
            if (user is null)
            {
                // Spend the same time as a real check so response times do not reveal which names exist.
                hasher.VerifyHashedPassword(new LocalUser(), DummyHash.Value, password ?? "");
                scope.Fail("Unknown user.");
                return SignInResult.Failed(typed, WrongCredentials);
            }
            if (user.LockedUntilUtc > now)
            {
                scope.Fail("Account locked.");
                return SignInResult.Failed(typed, $"This account is locked after repeated failed sign-ins; try again after {user.LockedUntilUtc:HH:mm} UTC.");
            }
            if (user.Disabled)
            {
                scope.Fail("Account disabled.");
                return SignInResult.Failed(typed, "This account is disabled; ask an administrator.");
            }

            var check = hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "");
            if (check == PasswordVerificationResult.Failed)
            {
                RecordFailure(user, now);
                await scope.Db.SaveChangesAsync(scope.CancellationToken);
                scope.Fail(user.LockedUntilUtc is null ? "Wrong password." : "Wrong password; account locked.");
                return SignInResult.Failed(typed, WrongCredentials);
            }

            if (check == PasswordVerificationResult.SuccessRehashNeeded)
            {
                user.PasswordHash = hasher.HashPassword(user, password!);
            }
            user.FailedSignIns = 0;
            user.LockedUntilUtc = null;
            user.LastSignInUtc = now;
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            scope.Actor = new Actor(user.UserName, user.Role, source);
            return new SignInResult(true, user.UserName, user.Role, user.SecurityStamp, null);
        }, cancellationToken);
    }

    public Task ChangePasswordAsync(Actor actor, string? currentPassword, string? newPassword, CancellationToken cancellationToken) =>
        audit.RunAsync(actor, AuditActions.PasswordChange, async scope =>
        {
            scope.Target = AuditTarget.User(actor.Name);
            var user = await scope.Db.Users.FirstOrDefaultAsync(u => u.UserName == actor.Name, scope.CancellationToken)
                ?? throw new NotFoundException($"{actor.Name} is not a local account; change the password with your identity provider.");
            if (hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword ?? "") == PasswordVerificationResult.Failed)
            {
                throw new ValidationException("currentPassword", "The current password is incorrect.");
            }
            if (newPassword == currentPassword)
            {
                throw new ValidationException("newPassword", "The new password must differ from the current one.");
            }
            PasswordPolicy.Validate("newPassword", user.UserName, newPassword, options.Value.MinPasswordLength);
            user.PasswordHash = hasher.HashPassword(user, newPassword!);
            user.SecurityStamp = LocalUser.NewStamp();
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>
    /// False when a local sign-in has gone stale: the user was disabled, or their password or role changed since.
    /// Sign-ins by tokens and identity providers are checked elsewhere and pass.
    /// </summary>
    public async Task<bool> IsSignInCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.FindFirstValue(ClaimNames.AuthMethod) != ClaimNames.Cookie)
        {
            return true;
        }

        var userName = principal.Identity?.Name;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        return user is { Disabled: false }
            && user.SecurityStamp == principal.FindFirstValue(ClaimNames.SecurityStamp)
            && user.Role == principal.FindFirstValue(ClaimTypes.Role);
    }

    private void RecordFailure(LocalUser user, DateTime now)
    {
        user.FailedSignIns++;
        if (user.FailedSignIns >= options.Value.LockoutThreshold)
        {
            user.LockedUntilUtc = now.AddMinutes(options.Value.LockoutMinutes);
            user.FailedSignIns = 0;
        }
    }

    private static class DummyHash
    {
        public static readonly string Value = new PasswordHasher<LocalUser>().HashPassword(new LocalUser(), Guid.NewGuid().ToString());
    }
}
