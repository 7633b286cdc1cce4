using DataProtection.Core.Jobs;
using DataProtection.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;

namespace DataProtection.Tests.Integration.Clusters;

public sealed class HealthJobRegistrationTests
{
    [Fact]
    public void Start_RegistersTheRecurringHealthRefresh()
    {
        using var app = new AppFactory();
        app.CreateBrowserClient();

        using var connection = app.Service<JobStorage>().GetConnection();

        // Only the id is checked: Hangfire's storage is process-wide, and parallel test hosts may use other crons.
        connection.GetRecurringJobs().ShouldContain(j => j.Id == JobIds.RefreshClusterHealth && j.Job.Type.Name == "RefreshClusterHealthJob");
    }
}
