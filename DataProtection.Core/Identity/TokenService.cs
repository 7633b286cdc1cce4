using System.Security.Cryptography;
using System.Text;
using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Identity;

public sealed record TokenInfo(int Id, string Name, ApiTokenKind Kind, string Prefix, DateTime CreatedUtc, DateTime ExpiresUtc, DateTime? RevokedUtc, DateTime? LastUsedUtc);

/// <summary>A token returned once, at creation; only its hash is kept.</summary>
public sealed record IssuedToken(string Token, TokenInfo Info);

public sealed record TokenIdentity(string UserName, string Role, int TokenId);

/// <summary>Opaque bearer tokens for the API: short-lived session tokens and personal access tokens.</summary>
public sealed class TokenService(IDbContextFactory<AppDbContext> dbFactory, IAuditLog audit, IOptions<AccountsOptions> options, TimeProvider time)
{
    private const string TokenPrefix = "dpt_";

    public Task<IssuedToken> IssueSessionTokenAsync(SignInResult signIn, CancellationToken cancellationToken)
    {
        var actor = new Actor(signIn.UserName, signIn.Role!, AuditSource.API);
        var lifetime = TimeSpan.FromMinutes(options.Value.SessionTokenMinutes);
        return audit.RunAsync(actor, AuditActions.TokenIssue, scope =>
            AddAsync(scope, "session", ApiTokenKind.Session, lifetime, localUser: true), cancellationToken);
    }

    public Task<IssuedToken> CreatePersonalTokenAsync(Actor actor, string? name, int expiresInDays, bool localUser, CancellationToken cancellationToken) =>
        audit.RunAsync(actor, AuditActions.PersonalTokenCreate, scope =>
        {
            scope.Parameters = new { name, expiresInDays };
            var trimmed = name?.Trim() ?? "";
            if (trimmed.Length is 0 or > 100)
            {
                throw new ValidationException("name", "Give the token a name of 1 to 100 characters.");
            }
            if (expiresInDays < 1 || expiresInDays > options.Value.MaxPersonalTokenDays)
            {
                throw new ValidationException("expiresInDays", $"A token expires after 1 to {options.Value.MaxPersonalTokenDays} days.");
            }
            return AddAsync(scope, trimmed, ApiTokenKind.Personal, TimeSpan.FromDays(expiresInDays), localUser);
        }, cancellationToken);

    public async Task<IReadOnlyList<TokenInfo>> ListPersonalTokensAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokens = await db.ApiTokens.AsNoTracking()
            .Where(t => t.UserName == actor.Name && t.Kind == ApiTokenKind.Personal)
            .OrderByDescending(t => t.Id).ToListAsync(cancellationToken);
        return tokens.Select(ToInfo).ToList();
    }

    /// <summary>Revokes one of the actor's tokens; Admins may revoke anyone's.</summary>
    public Task RevokeAsync(Actor actor, int tokenId, CancellationToken cancellationToken) =>
        audit.RunAsync(actor, AuditActions.PersonalTokenRevoke, async scope =>
        {
            scope.Target = new AuditTarget(Kind: "ApiToken", Name: tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var token = await scope.Db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId, scope.CancellationToken);
            if (token is null || (token.UserName != actor.Name && !actor.IsInRole(Roles.Admin)))
            {
                throw new NotFoundException($"There is no token {tokenId} of yours.");
            }
            token.RevokedUtc ??= time.GetUtcNow().UtcDateTime;
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>The identity behind a presented token, or null when it is unknown, expired, revoked or its user is disabled.</summary>
    public async Task<TokenIdentity?> ValidateAsync(string presented, CancellationToken cancellationToken)
    {
        if (!presented.StartsWith(TokenPrefix, StringComparison.Ordinal) || presented.Length > 100)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var hash = Hash(presented);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        if (token is null || token.RevokedUtc is not null || token.ExpiresUtc <= now)
        {
            return null;
        }

        var role = token.Role;
        if (token.LocalUser)
        {
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == token.UserName, cancellationToken);
            if (user is null || user.Disabled)
            {
                return null;
            }
            role = user.Role;
        }

        // Record use at most every few minutes, to keep reads from turning into writes.
        if (token.LastUsedUtc is null || now - token.LastUsedUtc > TimeSpan.FromMinutes(5))
        {
            token.LastUsedUtc = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return new TokenIdentity(token.UserName, role, token.Id);
    }

    private async Task<IssuedToken> AddAsync(AuditScope scope, string name, ApiTokenKind kind, TimeSpan lifetime, bool localUser)
    {
        var raw = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow().UtcDateTime;
        var token = new ApiToken
        {
            UserName = scope.Actor.Name,
            Role = scope.Actor.Role,
            LocalUser = localUser,
            Kind = kind,
            Name = name,
            Prefix = raw[..12],
            Hash = Hash(raw),
            CreatedUtc = now,
            ExpiresUtc = now + lifetime,
        };
        scope.Db.ApiTokens.Add(token);
        await scope.Db.SaveChangesAsync(scope.CancellationToken);
        scope.Target = new AuditTarget(Kind: "ApiToken", Name: $"{token.Id} ({token.Prefix}…)");
        return new IssuedToken(raw, ToInfo(token));
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static TokenInfo ToInfo(ApiToken t) => new(t.Id, t.Name, t.Kind, t.Prefix, t.CreatedUtc, t.ExpiresUtc, t.RevokedUtc, t.LastUsedUtc);
}
