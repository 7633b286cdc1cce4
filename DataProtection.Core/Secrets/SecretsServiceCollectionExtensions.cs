using DataProtection.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace DataProtection.Core.Secrets;

internal static class SecretsServiceCollectionExtensions
{
    public static IServiceCollection AddSecrets(this IServiceCollection services, DataPaths paths)
    {
        // The same key ring protects sign-in cookies and stored secrets; losing it means re-entering secrets.
        services.AddDataProtection()
            .SetApplicationName("DataProtection")
            .PersistKeysToFileSystem(new DirectoryInfo(paths.KeyRing));
        return services.AddSingleton<ISecretProtector, SecretProtector>();
    }
}
