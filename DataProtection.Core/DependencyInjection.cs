using DataProtection.Core.Audit;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Inventory;
using DataProtection.Core.Jobs;
using DataProtection.Core.Protection;
using DataProtection.Core.Restores;
using DataProtection.Core.Schedules;
using DataProtection.Core.Secrets;
using DataProtection.Core.StorageLocations;
using DataProtection.Core.Volumes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataProtection.Core;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddDataProtectionCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddConfigSection<DataOptions>();
        services.AddSingleton(provider => DataPaths.Resolve(
            provider.GetRequiredService<IOptions<DataOptions>>().Value.Directory, provider.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.AddSingleton(TimeProvider.System);
        services.AddDbContextFactory<AppDbContext>((provider, o) => o.UseSqlite(provider.GetRequiredService<DataPaths>().ConnectionString));
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");

        services.AddSecrets();
        services.AddAudit();
        services.AddIdentity();
        services.AddClusters();
        services.AddInventory();
        services.AddVolumes();
        services.AddProtection();
        services.AddStorageLocations();
        services.AddBackups();
        services.AddRestores();
        services.AddSchedules();
        services.AddJobs();
        return builder;
    }
}
