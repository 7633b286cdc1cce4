using DataProtection.Core.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataProtection.Core.Identity;

internal static class IdentityServiceCollectionExtensions
{
    public static IServiceCollection AddIdentity(this IServiceCollection services)
    {
        services.AddConfigSection<AccountsOptions>();
        services.AddConfigSection<BootstrapOptions>();
        services.AddSingleton<IPasswordHasher<LocalUser>, PasswordHasher<LocalUser>>();
        services.TryAddSingleton<IBootstrapAnnouncer, ConsoleBootstrapAnnouncer>();
        return services
            .AddSingleton<AccountService>()
            .AddSingleton<UserService>()
            .AddSingleton<TokenService>()
            .AddSingleton<PreferenceService>()
            .AddSingleton<AdminBootstrapper>();
    }
}
