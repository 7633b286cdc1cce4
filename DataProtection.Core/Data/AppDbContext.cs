using DataProtection.Core.Audit;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Identity;
using DataProtection.Core.Protection;
using DataProtection.Core.Restores;
using DataProtection.Core.StorageLocations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DataProtection.Core.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<LocalUser> Users => Set<LocalUser>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<UserPreference> UserPreferences => Set<UserPreference>();

    public DbSet<Cluster> Clusters => Set<Cluster>();

    public DbSet<ProtectionState> ProtectionStates => Set<ProtectionState>();
    public DbSet<StorageLocation> StorageLocations => Set<StorageLocation>();

    public DbSet<StorageAssignment> StorageAssignments => Set<StorageAssignment>();

    public DbSet<ManagedStorageAccount> ManagedStorageAccounts => Set<ManagedStorageAccount>();

    public DbSet<StorageUsageSample> StorageUsageSamples => Set<StorageUsageSample>();

    public DbSet<BackupRecord> BackupRecords => Set<BackupRecord>();

    public DbSet<ResourceSubmission> Submissions => Set<ResourceSubmission>();

    public DbSet<BackupIndex> BackupIndexes => Set<BackupIndex>();

    public DbSet<BackupIndexItem> BackupIndexItems => Set<BackupIndexItem>();

    public DbSet<ItemRestoreRun> ItemRestoreRuns => Set<ItemRestoreRun>();

    // SQLite stores no time zone: every DateTime we write is UTC, so read them back as UTC.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
}

internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
