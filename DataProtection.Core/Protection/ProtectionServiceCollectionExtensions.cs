using DataProtection.Core.Common;
using Microsoft.Extensions.DependencyInjection;

namespace DataProtection.Core.Protection;

internal static class ProtectionServiceCollectionExtensions
{
    /// <summary>No <see cref="IProtectionStorage"/> here: the storage-locations feature registers it.</summary>
    public static IServiceCollection AddProtection(this IServiceCollection services)
    {
        services.AddConfigSection<ProtectionOptions>();
        return services
            .AddSingleton<ProtectionStateStore>()
            .AddSingleton<ProtectionRunner>()
            .AddSingleton<ProtectionStatusChecker>()
            .AddSingleton<ProtectionService>();
    }
}
