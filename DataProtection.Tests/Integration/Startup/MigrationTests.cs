using DataProtection.Core.Data;
using DataProtection.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Tests.Integration.Startup;

public sealed class MigrationTests
{
    [Fact]
    public async Task Model_HasNoChangesMissingAMigration()
    {
        using var app = new AppFactory();
        await using var db = await app.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --project DataProtection.Core --startup-project DataProtection.Core --output-dir Data/Migrations");
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public void FreshStart_CreatesDatabasesAndKeyRingInTheDataDirectory()
    {
        using var app = new AppFactory();
        app.CreateBrowserClient();

        File.Exists(Path.Combine(app.DataDirectory, "dataprotection.db")).ShouldBeTrue();
        File.Exists(Path.Combine(app.DataDirectory, "hangfire.db")).ShouldBeTrue();
        Directory.Exists(Path.Combine(app.DataDirectory, "keys")).ShouldBeTrue();
    }
}
