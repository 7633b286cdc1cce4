using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Tests.Integration.Backups;

/// <summary>
/// The backups page's COUNT and page read an index range, not the whole history table (100,000 rows in docs/benchmarks.md). SQLite's
/// EXPLAIN QUERY PLAN says "SCAN BackupRecords" for a full table scan and "SEARCH ... USING [COVERING] INDEX" for a range.
/// </summary>
public sealed class BackupListQueryPlanTests : IDisposable
{
    private readonly AppFactory _app = new();

    public static TheoryData<string, string> Filters => new()
    {
        { "default", "IX_BackupRecords_DeletedUtc_CreatedUtc" },
        { "cluster", "IX_BackupRecords_ClusterName_DeletedUtc_CreatedUtc" },
        { "phase", "IX_BackupRecords_Phase_DeletedUtc_CreatedUtc" },
        { "schedule", "IX_BackupRecords_Schedule_DeletedUtc_CreatedUtc" },
        { "dates", "IX_BackupRecords_DeletedUtc_CreatedUtc" },
        { "search", "IX_BackupRecords_DeletedUtc_CreatedUtc" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task CountAndPage_SearchAnIndex_NeverScanTheTable(string view, string index)
    {
        var filter = view switch
        {
            "cluster" => new BackupFilter(Cluster: "prod-eu"),
            "phase" => new BackupFilter(Phase: BackupPhases.Failed),
            "schedule" => new BackupFilter(Schedule: "daily"),
            "dates" => new BackupFilter(From: new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), To: new DateTime(2026, 11, 8, 0, 0, 0, DateTimeKind.Utc)),
            "search" => new BackupFilter(Search: "nightly"),
            _ => new BackupFilter(),
        };
        await using var db = await _app.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var filtered = BackupService.Filtered(db.BackupRecords.AsNoTracking(), filter);

        // CountAsync runs no IQueryable we could EXPLAIN; selecting the key over the same WHERE gets the same access path.
        var countPlan = await PlanAsync(db, filtered.Select(b => b.Id));
        var pagePlan = await PlanAsync(db, BackupService.Paged(filtered, new PageRequest()));

        countPlan.ShouldContain(index, customMessage: string.Join("; ", countPlan));
        pagePlan.ShouldContain(index, customMessage: string.Join("; ", pagePlan));
        countPlan.Concat(pagePlan).ShouldNotContain(step => step.StartsWith("SCAN BackupRecords"), string.Join("; ", pagePlan));
    }

    private static async Task<List<string>> PlanAsync<T>(AppDbContext db, IQueryable<T> query)
    {
        await using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await db.Database.OpenConnectionAsync();
        await using var reader = await command.ExecuteReaderAsync();
        var steps = new List<string>();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }
        // Only the index's name matters to the caller; the detail reads "SEARCH BackupRecords USING INDEX <name> (...)".
        return steps.SelectMany(s => new[] { s }.Concat(s.Split(' ').Where(w => w.StartsWith("IX_")))).ToList();
    }

    public void Dispose() => _app.Dispose();
}
