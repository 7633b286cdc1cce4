using DataProtection.Core.Jobs;
using DataProtection.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;

namespace DataProtection.Tests.Integration.StorageLocations;

public sealed class UsageJobRegistrationTests
{
    [Fact]
    public void Start_RegistersTheRecurringUsageScan()
    {
        using var app = new AppFactory();
        app.CreateBrowserClient();

        using var connection = app.Service<JobStorage>().GetConnection();

        connection.GetRecurringJobs().ShouldContain(j => j.Id == JobIds.RefreshStorageUsage && j.Job.Type.Name == "RefreshStorageUsageJob");
    }
}
