using DataProtection.Core.Backups;
using DataProtection.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Benchmarks.Backups;

/// <summary>History rows spread over 20 clusters and a year, as a busy installation would have them.</summary>
public static class Seed
{
    public static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Phases = [BackupPhases.Completed, BackupPhases.Completed, BackupPhases.Completed, BackupPhases.Completed,
        BackupPhases.Completed, BackupPhases.Completed, BackupPhases.Completed, BackupPhases.PartiallyFailed, BackupPhases.Failed, BackupPhases.Completed];

    public static async Task RowsAsync(IDbContextFactory<AppDbContext> factory, int rows)
    {
        await using var db = await factory.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var random = new Random(7);
        for (var start = 0; start < rows; start += 5000)
        {
            for (var i = start; i < Math.Min(rows, start + 5000); i++)
            {
                var cluster = i % 20;
                var created = Now.AddMinutes(-(rows - i) * (525_600.0 / rows));
                var scheduled = i % 4 != 0;
                db.BackupRecords.Add(new BackupRecord
                {
                    ClusterId = cluster + 1,
                    ClusterName = $"cluster-{cluster:D2}",
                    Namespace = "velero",
                    Name = scheduled ? $"daily-{cluster:D2}-{created:yyyyMMddHHmmss}" : $"nightly-{i:D4}",
                    Uid = Guid.NewGuid().ToString(),
                    Phase = Phases[random.Next(Phases.Length)],
                    Scope = $"ns: shop-{i % 30}, db",
                    StorageLocation = "default",
                    Schedule = scheduled ? $"daily-{cluster:D2}" : null,
                    RequestedBy = scheduled ? null : "admin",
                    CreatedUtc = created,
                    StartedUtc = created.AddSeconds(1),
                    CompletedUtc = created.AddMinutes(3),
                    ExpiresUtc = created.AddDays(30),
                    ItemsBackedUp = 1200,
                    TotalItems = 1200,
                    SizeBytes = 3_000_000 + i,
                    LastSeenUtc = Now,
                    DeletedUtc = created < Now.AddDays(-30) ? created.AddDays(30) : null,
                });
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }
}
