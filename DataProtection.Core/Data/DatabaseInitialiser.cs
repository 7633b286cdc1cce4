using DataProtection.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Data;

public static class DatabaseInitialiser
{
    /// <summary>Creates the data directory, applies migrations and creates the first admin account.</summary>
    public static async Task InitialiseDatabaseAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitialiser));
        try
        {
            Directory.CreateDirectory(services.GetRequiredService<DataPaths>().Root);
            var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
            await using (var db = await factory.CreateDbContextAsync(cancellationToken))
            {
                await db.Database.MigrateAsync(cancellationToken);
                // WAL lets the UI read while a job writes.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            await services.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Initialising the database failed");
            throw;
        }
    }
}
