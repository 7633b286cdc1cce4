using DataProtection.Core.Common;
using DataProtection.Core.Kubernetes;
using Microsoft.Extensions.DependencyInjection;

namespace DataProtection.Core.Clusters;

internal static class ClustersServiceCollectionExtensions
{
    public static IServiceCollection AddClusters(this IServiceCollection services)
    {
        services.AddConfigSection<ClustersOptions>();
        return services
            .AddSingleton<IKubernetesClientFactory, KubernetesClientFactory>()
            .AddSingleton<ClusterProbe>()
            .AddSingleton<ClusterService>()
            .AddSingleton<ClusterHealthService>()
            .AddTransient<RefreshClusterHealthJob>();
    }
}
