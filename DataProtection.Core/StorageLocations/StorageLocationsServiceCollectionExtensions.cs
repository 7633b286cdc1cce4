using DataProtection.Core.Common;
using DataProtection.Core.Protection;
using Microsoft.Extensions.DependencyInjection;

namespace DataProtection.Core.StorageLocations;

internal static class StorageLocationsServiceCollectionExtensions
{
    public static IServiceCollection AddStorageLocations(this IServiceCollection services)
    {
        services.AddConfigSection<StorageOptions>();
        return services
            .AddSingleton<S3ClientFactory>()
            .AddSingleton<S3Probe>()
            .AddSingleton<ManagedStorageService>()
            .AddSingleton<StorageLocationService>()
            .AddSingleton<IProtectionStorage, LocationProtectionStorage>()
            .AddSingleton<StorageUsageService>()
            .AddTransient<RefreshStorageUsageJob>();
    }
}
