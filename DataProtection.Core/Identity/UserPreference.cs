using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataProtection.Core.Identity;

/// <summary>Per-user UI preferences, keyed by user name so identity-provider users have them too.</summary>
public sealed class UserPreference
{
    public string UserName { get; set; } = "";

    public bool DarkMode { get; set; }
}

internal sealed class UserPreferenceConfiguration : IEntityTypeConfiguration<UserPreference>
{
    public void Configure(EntityTypeBuilder<UserPreference> builder)
    {
        builder.HasKey(p => p.UserName);
        builder.Property(p => p.UserName).HasMaxLength(256).UseCollation("NOCASE");
    }
}
