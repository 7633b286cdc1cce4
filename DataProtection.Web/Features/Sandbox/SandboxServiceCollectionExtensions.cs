using DataProtection.Core.Common;
using DataProtection.Core.StorageLocations;

namespace DataProtection.Web.Features.Sandbox;

internal static class SandboxServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxHost(this IServiceCollection services)
    {
        services.AddConfigSection<SandboxHostOptions>();
        services.AddSingleton<SandboxManagedStorageDefaults>();
        services.AddSingleton<IManagedStorageDefaults>(provider => provider.GetRequiredService<SandboxManagedStorageDefaults>());
        return services.AddHostedService<SandboxHostedService>();
    }
}
