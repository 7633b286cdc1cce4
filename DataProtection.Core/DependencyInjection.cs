using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Jobs;
using DataProtection.Core.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataProtection.Core;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddDataProtectionCore(this IHostApplicationBuilder builder)
    {
        var paths = DataPaths.Resolve(builder.Configuration[$"{DataOptions.SectionName}:{nameof(DataOptions.Directory)}"], builder.Environment.ContentRootPath);
        var services = builder.Services;
        services.AddConfigSection<DataOptions>();
        services.AddSingleton(paths);
        services.AddSingleton(TimeProvider.System);
        services.AddDbContextFactory<AppDbContext>(o => o.UseSqlite(paths.ConnectionString));
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");

        services.AddSecrets(paths);
        services.AddAudit();
        services.AddIdentity();
        services.AddJobs();
        return builder;
    }
}
