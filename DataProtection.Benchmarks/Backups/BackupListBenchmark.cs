using System.Diagnostics;
using DataProtection.Core;
using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataProtection.Benchmarks.Backups;

/// <summary>
/// What the all-clusters backups page asks of the history per load (BackupService.ListBackupsAsync: one page and the
/// total), over a SQLite file of 100 rows and one of 100,000, with and without the page's filters.
/// </summary>
public static class BackupListBenchmark
{
    private static readonly (string Name, BackupFilter Filter, int Page)[] Cases =
    [
        ("first page, no filter", new BackupFilter(), 0),
        ("page 10, no filter", new BackupFilter(), 10),
        ("cluster", new BackupFilter(Cluster: "cluster-07"), 0),
        ("phase", new BackupFilter(Phase: BackupPhases.PartiallyFailed), 0),
        ("schedule", new BackupFilter(Schedule: "daily-07"), 0),
        ("last 7 days", new BackupFilter(From: Seed.Now.AddDays(-7), To: Seed.Now), 0),
        ("search", new BackupFilter(Search: "nightly-99"), 0),
        ("with deleted", new BackupFilter(IncludeDeleted: true), 0),
    ];

    public static async Task<int> RunAsync(int large, int iterations)
    {
        var small = await MeasureAsync(100, iterations);
        var big = await MeasureAsync(large, iterations);
        Console.WriteLine($"| query | {100:N0} rows | {large:N0} rows | ratio |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, _, _) in Cases)
            Console.WriteLine($"| {name} | {small[name]:F2} ms | {big[name]:F2} ms | {big[name] / small[name]:F1}x |");
        return 0;
    }

    private static async Task<Dictionary<string, double>> MeasureAsync(int rows, int iterations)
    {
        var directory = Directory.CreateTempSubdirectory("dp-list-bench");
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = directory.FullName, Args = [] });
            builder.Configuration["Data:Directory"] = directory.FullName;
            builder.Configuration["Bootstrap:AdminPassword"] = "Benchmark-Only-Passw0rd";
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddDataProtectionCore();
            using var host = builder.Build();
            await host.InitialiseDatabaseAsync();
            var seeded = Stopwatch.StartNew();
            await Seed.RowsAsync(host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), rows);
            Console.WriteLine($"seeded {rows:N0} history rows in {seeded.Elapsed.TotalSeconds:F1} s");
            var service = host.Services.GetRequiredService<BackupService>();
            var results = new Dictionary<string, double>();
            foreach (var (name, filter, page) in Cases)
            {
                var times = new List<double>();
                for (var i = 0; i < iterations + 2; i++)
                {
                    var watch = Stopwatch.StartNew();
                    var result = await service.ListBackupsAsync(Actor.System, filter, new PageRequest(page, 50), CancellationToken.None);
                    if (i >= 2)
                        times.Add(watch.Elapsed.TotalMilliseconds);
                    if (i == 0 && rows > 100)
                        Console.WriteLine($"  {name}: {result.TotalCount:N0} matching, {result.Items.Count} on the page");
                }
                results[name] = times.Order().ElementAt(times.Count / 2);
            }
            return results;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
