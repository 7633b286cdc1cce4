using DataProtection.Core.Common;
using Microsoft.Extensions.DependencyInjection;

namespace DataProtection.Core.Backups;

internal static class BackupsServiceCollectionExtensions
{
    public static IServiceCollection AddBackups(this IServiceCollection services)
    {
        services.AddConfigSection<BackupsOptions>();
        services.AddHttpClient(BackupDownloads.HttpClientName);
        services.AddSingleton<BackupWatchHub>();
        services.AddHostedService(provider => provider.GetRequiredService<BackupWatchHub>());
        services.AddHostedService<SubmissionRecovery>();
        return services
            .AddSingleton<BackupChanges>()
            .AddSingleton<BackupDownloads>()
            .AddSingleton<BackupDetailsReader>()
            .AddSingleton(provider => new BackupService(provider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Data.AppDbContext>>(),
                provider.GetRequiredService<Kubernetes.IKubernetesClientFactory>(), provider.GetRequiredService<Audit.IAuditLog>(),
                provider.GetRequiredService<BackupDetailsReader>(), provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Clusters.ClustersOptions>>()))
            .AddSingleton<ResourceSubmitter>()
            .AddSingleton<BackupSubmissionService>()
            .AddSingleton<BackupPinService>()
            .AddSingleton<ScopePreviewService>()
            .AddTransient<SubmitResourceJob>()
            .AddTransient<ReconcileBackupHistoryJob>();
    }
}
