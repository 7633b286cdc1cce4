using System.Security.Cryptography;
using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Identity;

/// <summary>Shows a generated first password to the operator; never through ILogger, so log sinks never hold it.</summary>
public interface IBootstrapAnnouncer
{
    void AnnounceGeneratedPassword(string userName, string password);
}

internal sealed class ConsoleBootstrapAnnouncer : IBootstrapAnnouncer
{
    public void AnnounceGeneratedPassword(string userName, string password) =>
        Console.WriteLine($"""

            ==================================================================
             First start: created the local account '{userName}' (Admin).
             Password: {password}
             It is shown only this once. Sign in and change it.
            ==================================================================

            """);
}

/// <summary>On first start, when no local account exists, creates <c>admin</c>.</summary>
public sealed class AdminBootstrapper(
    IAuditLog audit,
    IPasswordHasher<LocalUser> hasher,
    IBootstrapAnnouncer announcer,
    IOptions<BootstrapOptions> bootstrap,
    IOptions<AccountsOptions> accounts,
    TimeProvider time)
{
    public const string AdminUserName = "admin";

    public async Task EnsureAdminAsync(CancellationToken cancellationToken)
    {
        if (!accounts.Value.LocalAccountsEnabled)
        {
            return;
        }

        string? generated = null;
        var created = await audit.RunAsync(Actor.System, AuditActions.UserBootstrap, async scope =>
        {
            if (await scope.Db.Users.AnyAsync(scope.CancellationToken))
            {
                return false;
            }

            var configured = bootstrap.Value.AdminPassword;
            var password = configured ?? (generated = RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 20));
            var user = new LocalUser { UserName = AdminUserName, Role = Roles.Admin, CreatedUtc = time.GetUtcNow().UtcDateTime };
            user.PasswordHash = hasher.HashPassword(user, password);
            scope.Db.Users.Add(user);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            scope.Target = AuditTarget.User(AdminUserName);
            scope.Parameters = new { source = configured is null ? "generated" : "Bootstrap:AdminPassword" };
            return true;
        }, cancellationToken);

        // Announced only after the account and its audit row are committed.
        if (created && generated is not null)
        {
            announcer.AnnounceGeneratedPassword(AdminUserName, generated);
        }
    }
}
