using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Identity;

public sealed record UserSummary(string UserName, string Role, bool Disabled, DateTime? LockedUntilUtc, DateTime CreatedUtc, DateTime? LastSignInUtc);

public sealed record UserChanges(string? Role = null, bool? Disabled = null, bool Unlock = false);

/// <summary>Admin management of local accounts. Every method checks the Admin role itself, whatever the caller checked.</summary>
public sealed class UserService(
    IDbContextFactory<AppDbContext> dbFactory,
    IAuditLog audit,
    IPasswordHasher<LocalUser> hasher,
    IOptions<AccountsOptions> options,
    TimeProvider time)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => new UserSummary(u.UserName, u.Role, u.Disabled, u.LockedUntilUtc, u.CreatedUtc, u.LastSignInUtc))
            .ToListAsync(cancellationToken);
    }

    public Task<UserSummary> CreateAsync(Actor actor, string? userName, string? role, string? password, CancellationToken cancellationToken) =>
        audit.RunAsync(actor, AuditActions.UserCreate, async scope =>
        {
            scope.Target = AuditTarget.User(UserNames.ForAudit(userName));
            scope.Parameters = new { role };
            actor.Require(Roles.Admin);
            var name = UserNames.Validate("userName", userName);
            var normalizedRole = Roles.Normalize(role) ?? throw new ValidationException("role", "The role must be Viewer, Operator or Admin.");
            PasswordPolicy.Validate("password", name, password, options.Value.MinPasswordLength);
            if (await scope.Db.Users.AnyAsync(u => u.UserName == name, scope.CancellationToken))
            {
                throw new ConflictException($"A user named {name} already exists.");
            }

            var user = new LocalUser { UserName = name, Role = normalizedRole, CreatedUtc = time.GetUtcNow().UtcDateTime };
            user.PasswordHash = hasher.HashPassword(user, password!);
            scope.Db.Users.Add(user);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return ToSummary(user);
        }, cancellationToken);

    public Task<UserSummary> UpdateAsync(Actor actor, string userName, UserChanges changes, CancellationToken cancellationToken) =>
        audit.RunAsync(actor, AuditActions.UserUpdate, async scope =>
        {
            scope.Target = AuditTarget.User(UserNames.ForAudit(userName));
            scope.Parameters = changes;
            actor.Require(Roles.Admin);
            var user = await FindAsync(scope, userName);
            if (changes.Role is not null)
            {
                user.Role = Roles.Normalize(changes.Role) ?? throw new ValidationException("role", "The role must be Viewer, Operator or Admin.");
            }
            if (changes.Disabled is { } disabled)
            {
                user.Disabled = disabled;
            }
            if (changes.Unlock)
            {
                user.LockedUntilUtc = null;
                user.FailedSignIns = 0;
            }
            if (!await scope.Db.Users.AnyAsync(u => u.UserName != user.UserName && u.Role == Roles.Admin && !u.Disabled, scope.CancellationToken)
                && (user.Role != Roles.Admin || user.Disabled))
            {
                throw new ValidationException(changes.Role is null ? "disabled" : "role", "At least one enabled Admin account must remain.");
            }

            // Role or state changes end the user's existing sessions.
            if (changes.Role is not null || changes.Disabled is not null)
            {
                user.SecurityStamp = LocalUser.NewStamp();
            }
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return ToSummary(user);
        }, cancellationToken);

    public Task ResetPasswordAsync(Actor actor, string userName, string? newPassword, CancellationToken cancellationToken) =>
        audit.RunAsync(actor, AuditActions.PasswordReset, async scope =>
        {
            scope.Target = AuditTarget.User(UserNames.ForAudit(userName));
            actor.Require(Roles.Admin);
            var user = await FindAsync(scope, userName);
            PasswordPolicy.Validate("newPassword", user.UserName, newPassword, options.Value.MinPasswordLength);
            user.PasswordHash = hasher.HashPassword(user, newPassword!);
            user.SecurityStamp = LocalUser.NewStamp();
            user.LockedUntilUtc = null;
            user.FailedSignIns = 0;
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return true;
        }, cancellationToken);

    private static async Task<LocalUser> FindAsync(AuditScope scope, string userName) =>
        await scope.Db.Users.FirstOrDefaultAsync(u => u.UserName == userName, scope.CancellationToken)
        ?? throw new NotFoundException($"There is no user named {UserNames.ForAudit(userName)}.");

    private static UserSummary ToSummary(LocalUser u) => new(u.UserName, u.Role, u.Disabled, u.LockedUntilUtc, u.CreatedUtc, u.LastSignInUtc);
}
