using DataProtection.Web.Components.Shared;

namespace DataProtection.Web.Components.Layout;

internal static class NavigationServiceCollectionExtensions
{
    /// <summary>Registers every feature's menu provider found in this assembly.</summary>
    public static IServiceCollection AddNavigation(this IServiceCollection services)
    {
        var providers = typeof(NavigationServiceCollectionExtensions).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IMenuProvider).IsAssignableFrom(t));
        foreach (var provider in providers)
        {
            services.AddSingleton(typeof(IMenuProvider), provider);
        }
        return services;
    }
}
