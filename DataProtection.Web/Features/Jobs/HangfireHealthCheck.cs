using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataProtection.Web.Features.Jobs;

/// <summary>Healthy when Hangfire's storage answers and at least one server is processing jobs.</summary>
internal sealed class HangfireHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers();
            return Task.FromResult(servers.Count > 0
                ? HealthCheckResult.Healthy($"{servers.Count} server(s) running")
                : HealthCheckResult.Degraded("No Hangfire server is running; jobs are queued but not processed."));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage is unreachable.", ex));
        }
    }
}
