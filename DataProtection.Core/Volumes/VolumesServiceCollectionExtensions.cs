using Microsoft.Extensions.DependencyInjection;

namespace DataProtection.Core.Volumes;

internal static class VolumesServiceCollectionExtensions
{
    public static IServiceCollection AddVolumes(this IServiceCollection services) =>
        services.AddSingleton<ClusterCalls>().AddSingleton<VolumeService>();
}
