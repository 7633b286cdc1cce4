using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Kubernetes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Restores;

internal static class RestoresServiceCollectionExtensions
{
    public static IServiceCollection AddRestores(this IServiceCollection services)
    {
        services.AddConfigSection<RestoresOptions>();
        return services.AddRestoreServices();
    }

    private static IServiceCollection AddRestoreServices(this IServiceCollection services) => services
        .AddSingleton<BackupIndexStore>()
        .AddSingleton<RestoreChanges>()
        .AddTransient<ItemRestoreJob>()
        .AddSingleton(p => new BackupContentsService(p.GetRequiredService<IDbContextFactory<AppDbContext>>(), p.GetRequiredService<IKubernetesClientFactory>(),
            p.GetRequiredService<BackupDownloads>(), p.GetRequiredService<BackupIndexStore>(), p.GetRequiredService<IOptions<ClustersOptions>>()))
        .AddSingleton(p => new RestoreService(p.GetRequiredService<IDbContextFactory<AppDbContext>>(), p.GetRequiredService<IKubernetesClientFactory>(),
            p.GetRequiredService<Audit.IAuditLog>(), p.GetRequiredService<BackupDownloads>(), p.GetRequiredService<TimeProvider>(),
            p.GetRequiredService<IOptions<ClustersOptions>>(), p.GetRequiredService<BackupContentsService>(), p.GetRequiredService<ResourceSubmitter>(),
            p.GetRequiredService<Hangfire.IBackgroundJobClient>(), p.GetRequiredService<StorageLocations.StorageLocationService>(),
            p.GetRequiredService<IOptions<RestoresOptions>>()))
        .AddSingleton(p => new RestorePreviewService(p.GetRequiredService<IDbContextFactory<AppDbContext>>(), p.GetRequiredService<IKubernetesClientFactory>(),
            p.GetRequiredService<BackupContentsService>(), p.GetRequiredService<BackupDownloads>(), p.GetRequiredService<IOptions<ClustersOptions>>().Value.VeleroNamespace));
}
