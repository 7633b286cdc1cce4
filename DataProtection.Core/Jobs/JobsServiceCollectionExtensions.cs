using DataProtection.Core.Common;
using Microsoft.Extensions.DependencyInjection;

namespace DataProtection.Core.Jobs;

internal static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddConfigSection<JobsOptions>();
        return services.AddHostedService<RecurringJobsRegistrar>();
    }
}
