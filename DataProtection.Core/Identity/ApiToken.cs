using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataProtection.Core.Identity;

public enum ApiTokenKind
{
    /// <summary>Issued by POST /api/v1/auth/token for a script's session; short-lived.</summary>
    Session,

    /// <summary>Created by a user, named, shown once, revocable.</summary>
    Personal,
}

/// <summary>A bearer token; only its SHA-256 hash is stored.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }

    public string UserName { get; set; } = "";

    /// <summary>The role at creation; used for identity-provider users, who have no local row to look up.</summary>
    public string Role { get; set; } = "";

    public bool LocalUser { get; set; }

    public ApiTokenKind Kind { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The first characters of the token, so users can recognise it in a list.</summary>
    public string Prefix { get; set; } = "";

    public string Hash { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime ExpiresUtc { get; set; }

    public DateTime? RevokedUtc { get; set; }

    public DateTime? LastUsedUtc { get; set; }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(t => t.UserName).HasMaxLength(256).UseCollation("NOCASE");
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasIndex(t => t.UserName);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Prefix).HasMaxLength(16);
    }
}
