using DataProtection.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace DataProtection.Core.Secrets;

internal static class SecretsServiceCollectionExtensions
{
    public static IServiceCollection AddSecrets(this IServiceCollection services)
    {
        // The same key ring protects sign-in cookies and stored secrets; losing it means re-entering secrets.
        services.AddDataProtection().SetApplicationName("DataProtection");
        services.AddOptions<KeyManagementOptions>().Configure<DataPaths, ILoggerFactory>((options, paths, loggers) =>
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(paths.KeyRing), loggers));
        return services.AddSingleton<ISecretProtector, SecretProtector>();
    }
}
