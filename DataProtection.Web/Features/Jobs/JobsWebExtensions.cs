using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Jobs;
using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;

namespace DataProtection.Web.Features.Jobs;

internal static class JobsWebExtensions
{
    /// <summary>Hangfire with SQLite storage in its own file in the data directory (ADR-003).</summary>
    public static void AddJobsHost(this IServiceCollection services)
    {
        // Registered before AddHangfire (which only adds JobStorage if missing): every consumer in this host gets this
        // host's storage, not the process-wide JobStorage.Current that another host in the same process (tests) may have
        // replaced or disposed.
        services.AddSingleton<JobStorage>(provider => new SQLiteStorage(provider.GetRequiredService<DataPaths>().HangfireDatabase,
            // A submitted backup should start within a second, not the default 15 s poll.
            new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) }));
        // Hangfire's default activator is the process-wide JobActivator.Current, which the last host to start overwrites: with
        // several hosts in one process (tests) a job could run inside another host's container, against its database. Each
        // server activates jobs from its own container.
        services.AddSingleton<JobActivator>(provider => new Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(provider.GetRequiredService<ILoggerFactory>()))
            .UseStorage(provider.GetRequiredService<JobStorage>()));
        services.AddHangfireServer((provider, options) =>
        {
            options.Activator = provider.GetRequiredService<JobActivator>();
            options.WorkerCount = provider.GetRequiredService<IOptions<JobsOptions>>().Value.WorkerCount;
            options.ServerName = $"dataprotection-{Environment.MachineName}";
        });
        services.AddHangfireServer((provider, options) =>
        {
            options.Activator = provider.GetRequiredService<JobActivator>();
            options.WorkerCount = provider.GetRequiredService<IOptions<JobsOptions>>().Value.WaitWorkerCount;
            options.Queues = [JobsOptions.WaitQueue];
            options.ServerName = $"dataprotection-{Environment.MachineName}-waits";
        });
        services.AddHealthChecks().AddCheck<HangfireHealthCheck>("hangfire");
    }

    public static void MapJobsDashboard(this IEndpointRouteBuilder app) =>
        app.MapHangfireDashboardWithAuthorizationPolicy(Policies.Admin, "/jobs", new DashboardOptions
        {
            DashboardTitle = "DataProtection jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false,
        });
}
