using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Data;
using DataProtection.Core.Kubernetes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Schedules;

internal static class SchedulesServiceCollectionExtensions
{
    public static IServiceCollection AddSchedules(this IServiceCollection services) =>
        services.AddSingleton(provider => new ScheduleService(provider.GetRequiredService<IDbContextFactory<AppDbContext>>(),
            provider.GetRequiredService<IKubernetesClientFactory>(), provider.GetRequiredService<IAuditLog>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Backups.ResourceSubmitter>(),
            provider.GetRequiredService<IOptions<ClustersOptions>>()));
}
