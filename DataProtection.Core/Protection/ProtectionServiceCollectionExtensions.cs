using DataProtection.Core.Common;
using Microsoft.Extensions.DependencyInjection;

namespace DataProtection.Core.Protection;

internal static class ProtectionServiceCollectionExtensions
{
    /// <summary>
    /// No <see cref="IProtectionStorage"/> here: the storage-locations feature registers it, as a singleton (or transient),
    /// since <see cref="ProtectionService"/> is a singleton.
    /// </summary>
    public static IServiceCollection AddProtection(this IServiceCollection services)
    {
        services.AddConfigSection<ProtectionOptions>();
        return services
            .AddSingleton<ProtectionStateStore>()
            .AddSingleton<ProtectionRunner>()
            .AddSingleton<ProtectionStatusChecker>()
            .AddSingleton(provider => new ProtectionService(provider.GetRequiredService<ProtectionRunner>(), provider.GetRequiredService<ProtectionStateStore>(),
                provider.GetRequiredService<ProtectionStatusChecker>(), provider.GetServices<IProtectionStorage>(),
                provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Clusters.ClustersOptions>>(),
                provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProtectionOptions>>()));
    }
}
