using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Protection;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Protection;

/// <summary>Live status through a ServerStatusRequest, and the clear refusal when no managed storage is configured.</summary>
[Collection(ProtectionCollection.Name)]
public sealed class ProtectionStatusTests(ProtectionFixture fixture)
{
    private static readonly Actor Viewer = new("vic", Roles.Viewer, AuditSource.UI);

    [Fact]
    public async Task RefreshStatusAsync_Installed_AsksVeleroAndRemovesItsRequest()
    {
        var enabled = await fixture.Protection.EnableAsync(ProtectionFixture.Admin, "enable", new("v1.18.1"), null, CancellationToken.None).DefaultTimeout(60);
        enabled.Succeeded.ShouldBeTrue(enabled.Error);

        var status = await fixture.Protection.RefreshStatusAsync(Viewer, "enable", CancellationToken.None).DefaultTimeout();

        (status.Status, status.ServerVersion, status.InstalledVersion, status.StoragePhase, status.LastError).ShouldBe((ProtectionStatus.Ready, "v1.18.0", "v1.18.1", "Available", null));
        var requests = await new ClusterObjects(fixture.Client("enable")).RequiredAsync("apis/velero.io/v1/namespaces/velero/serverstatusrequests");
        requests["items"]!.AsArray().ShouldNotContain(r => ((string)r!["metadata"]!["name"]!).StartsWith("dataprotection-"));
    }

    [Fact]
    public async Task RefreshStatusAsync_NothingInstalled_IsNotInstalled()
    {
        var status = await fixture.Protection.RefreshStatusAsync(Viewer, "input", CancellationToken.None).DefaultTimeout();

        (status.Status, status.ServerVersion, status.LastError).ShouldBe((ProtectionStatus.NotInstalled, null, null));
    }

    [Fact]
    public async Task EnableAsync_NoManagedStorageConfigured_FailsBeforeTheFirstStepWritingNothing()
    {
        using var app = new AppFactory();
        await app.Service<ClusterService>().RegisterClusterAsync(ProtectionFixture.Admin, new RegisterClusterRequest("input", null,
            new ClusterCredentials(fixture.Server["input"].KubeconfigYaml, "input")), CancellationToken.None).DefaultTimeout();

        var run = await app.Service<ProtectionService>().EnableAsync(ProtectionFixture.Admin, "input", new(), null, CancellationToken.None).DefaultTimeout();

        run.Succeeded.ShouldBeFalse();
        run.Error.ShouldNotBeNull().ShouldStartWith("Failed at \"(before the first step)\": Managed storage is not configured: an Admin sets the dashboard's S3 account under Settings. Completed: nothing.");
        run.Steps.ShouldAllBe(s => s.State == StepState.Pending);
        (await new ClusterObjects(fixture.Client("input")).GetAsync("api/v1/namespaces/velero")).ShouldBeNull();
    }
}
