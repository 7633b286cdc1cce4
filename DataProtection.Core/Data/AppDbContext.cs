using DataProtection.Core.Audit;
using DataProtection.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<LocalUser> Users => Set<LocalUser>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<UserPreference> UserPreferences => Set<UserPreference>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
}
