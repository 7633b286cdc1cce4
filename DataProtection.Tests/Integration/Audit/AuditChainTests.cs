using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Tests.Integration.Audit;

public sealed class AuditChainTests
{
    private static async Task<AppFactory> AppWithEntriesAsync(int count)
    {
        var app = new AppFactory();
        var log = app.Service<IAuditLog>();
        for (var i = 0; i < count; i++)
        {
            await log.WriteAsync(new Actor("tester", Roles.Operator, AuditSource.API), "test.action", new AuditTarget("c1", "Backup", "ns", $"b{i}"),
                AuditOutcome.Succeeded, null, CancellationToken.None);
        }
        return app;
    }

    private static async Task ExecuteSqlAsync(AppFactory app, string sql)
    {
        await using var db = await app.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    [Fact]
    public async Task VerifyChain_Untouched_IsIntact()
    {
        using var app = await AppWithEntriesAsync(5);

        var result = await app.Service<AuditService>().VerifyChainAsync(CancellationToken.None);

        result.Intact.ShouldBeTrue();
        result.Rows.ShouldBe(6); // the bootstrap row and five more
    }

    [Fact]
    public async Task VerifyChain_EditedRow_FindsThatRow()
    {
        using var app = await AppWithEntriesAsync(5);
        await ExecuteSqlAsync(app, "UPDATE AuditEntries SET Actor = 'someone-else' WHERE Id = 4");

        var result = await app.Service<AuditService>().VerifyChainAsync(CancellationToken.None);

        result.Intact.ShouldBeFalse();
        result.FirstBrokenId.ShouldBe(4);
        result.Reason!.ShouldContain("changed");
    }

    [Fact]
    public async Task VerifyChain_EditedRowWithRecomputedHash_FindsTheNextRow()
    {
        using var app = await AppWithEntriesAsync(5);
        await ExecuteSqlAsync(app, "UPDATE AuditEntries SET Hash = 'forged' WHERE Id = 3");

        var result = await app.Service<AuditService>().VerifyChainAsync(CancellationToken.None);

        result.FirstBrokenId.ShouldBe(3);
    }

    [Fact]
    public async Task VerifyChain_DeletedRow_FindsTheGap()
    {
        using var app = await AppWithEntriesAsync(5);
        await ExecuteSqlAsync(app, "DELETE FROM AuditEntries WHERE Id = 3");

        var result = await app.Service<AuditService>().VerifyChainAsync(CancellationToken.None);

        result.Intact.ShouldBeFalse();
        result.FirstBrokenId.ShouldBe(4);
        result.Reason!.ShouldContain("row 3 is missing");
    }

    [Fact]
    public async Task AuditWriteFails_ActionDoesNotProceed()
    {
        using var app = await AppWithEntriesAsync(0);
        await ExecuteSqlAsync(app, "CREATE TRIGGER audit_down BEFORE INSERT ON AuditEntries BEGIN SELECT RAISE(FAIL, 'audit store unavailable'); END;");

        await Should.ThrowAsync<Exception>(() => app.CreateUserAsync("ghost", Roles.Viewer, "Ghost-Passw0rd-11"));

        await using var db = await app.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        (await db.Users.AnyAsync(u => u.UserName == "ghost")).ShouldBeFalse();
    }

    [Fact]
    public async Task List_FiltersByActorActionAndCluster()
    {
        using var app = await AppWithEntriesAsync(3);

        var page = await app.Service<AuditService>().ListAsync(new AuditQuery(Actor: "tester", Action: "test.", Cluster: "c1"), new PageRequest(0, 2), CancellationToken.None);

        page.TotalCount.ShouldBe(3);
        page.Items.Count.ShouldBe(2);
        page.Items[0].TargetName.ShouldBe("b2");
    }

    [Fact]
    public async Task Export_Csv_HasHeaderAndEveryMatchingRow()
    {
        using var app = await AppWithEntriesAsync(3);
        var client = await app.SignedInClientAsync("admin", AppFactory.AdminPassword);

        var csv = await client.GetStringAsync("/api/v1/audit/export.csv?action=test.");

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("id,time_utc,actor");
        lines.Length.ShouldBe(4);
    }
}
