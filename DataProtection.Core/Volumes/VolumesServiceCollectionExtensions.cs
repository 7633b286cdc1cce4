using DataProtection.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Volumes;

internal static class VolumesServiceCollectionExtensions
{
    public static IServiceCollection AddVolumes(this IServiceCollection services) =>
        services.AddSingleton<ClusterCalls>().AddSingleton(p => new VolumeService(
            p.GetRequiredService<ClusterCalls>(), p.GetRequiredService<IAuditLog>(), p.GetRequiredService<ILogger<VolumeService>>()));
}
