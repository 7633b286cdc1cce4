using Microsoft.Extensions.DependencyInjection;

namespace DataProtection.Core.Audit;

internal static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddAudit(this IServiceCollection services) =>
        services.AddSingleton<IAuditLog, AuditLog>().AddSingleton<AuditService>().AddTransient<VerifyAuditChainJob>();
}
