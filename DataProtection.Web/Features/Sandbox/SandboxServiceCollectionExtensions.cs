using DataProtection.Core.Common;

namespace DataProtection.Web.Features.Sandbox;

internal static class SandboxServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxHost(this IServiceCollection services)
    {
        services.AddConfigSection<SandboxHostOptions>();
        return services.AddHostedService<SandboxHostedService>();
    }
}
