using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataProtection.Core.Identity;

public sealed class LocalUser
{
    public int Id { get; set; }

    public string UserName { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public string Role { get; set; } = Roles.Viewer;

    public bool Disabled { get; set; }

    public int FailedSignIns { get; set; }

    public DateTime? LockedUntilUtc { get; set; }

    public string SecurityStamp { get; set; } = NewStamp();

    public DateTime CreatedUtc { get; set; }

    public DateTime? LastSignInUtc { get; set; }

    public static string NewStamp() => Guid.NewGuid().ToString("N");
}

internal sealed class LocalUserConfiguration : IEntityTypeConfiguration<LocalUser>
{
    public void Configure(EntityTypeBuilder<LocalUser> builder)
    {
        builder.Property(u => u.UserName).HasMaxLength(64).UseCollation("NOCASE");
        builder.HasIndex(u => u.UserName).IsUnique();
        builder.Property(u => u.Role).HasMaxLength(16);
        builder.Property(u => u.SecurityStamp).HasMaxLength(32).IsConcurrencyToken();
    }
}
