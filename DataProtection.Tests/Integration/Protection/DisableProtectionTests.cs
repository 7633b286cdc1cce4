using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Protection;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Protection;

/// <summary>Disable with keep and with delete (checked in the bucket), and a failure half-way through enabling.</summary>
[Collection(ProtectionCollection.Name)]
public sealed class DisableProtectionTests(ProtectionFixture fixture)
{
    private static readonly Actor Admin = ProtectionFixture.Admin;

    [Fact]
    public async Task DisableAsync_KeepBackups_UninstallsAndLeavesTheBucketUntouched()
    {
        var objects = new ClusterObjects(fixture.Client("keep"));
        (await fixture.Protection.EnableAsync(Admin, "keep", new(), null, CancellationToken.None).DefaultTimeout(60)).Succeeded.ShouldBeTrue();
        var backup = await objects.BackupAsync();
        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        var keys = await fixture.ObjectKeysAsync("keep");

        var run = await fixture.Protection.DisableAsync(Admin, "keep", new DisableProtectionRequest(BackupDisposition.Keep), null, CancellationToken.None).DefaultTimeout(60);

        run.Succeeded.ShouldBeTrue(run.Error);
        run.Steps.Single(s => s.Name == VeleroUninstaller.DeleteBackups).State.ShouldBe(StepState.Skipped);
        (await fixture.ObjectKeysAsync("keep")).ShouldBe(keys);
        keys.ShouldContain($"backups/{backup["metadata"]!["name"]}/velero-backup.json");
        await ShouldBeUninstalledAsync(objects);
        (await fixture.Protection.GetStatusAsync(Admin, "keep", CancellationToken.None)).Status.ShouldBe(ProtectionStatus.NotInstalled);
    }

    [Fact]
    public async Task DisableAsync_DeleteBackups_EmptiesTheBucketThroughVeleroThenUninstalls()
    {
        var objects = new ClusterObjects(fixture.Client("delete"));
        (await fixture.Protection.EnableAsync(Admin, "delete", new(), null, CancellationToken.None).DefaultTimeout(60)).Succeeded.ShouldBeTrue();
        var first = (string)(await objects.BackupAsync())["metadata"]!["name"]!;
        var second = (string)(await objects.BackupAsync())["metadata"]!["name"]!;
        (await fixture.ObjectKeysAsync("delete")).ShouldContain($"backups/{second}/velero-backup.json");

        var run = await fixture.Protection.DisableAsync(Admin, "delete", new DisableProtectionRequest(BackupDisposition.Delete), null, CancellationToken.None).DefaultTimeout(60);

        run.Succeeded.ShouldBeTrue(run.Error);
        run.Steps.Single(s => s.Name == VeleroUninstaller.DeleteBackups).Detail.ShouldBe("2 deleted");
        (await fixture.ObjectKeysAsync("delete")).ShouldNotContain(k => k.StartsWith($"backups/{first}/") || k.StartsWith($"backups/{second}/"));
        await ShouldBeUninstalledAsync(objects);
    }

    [Fact]
    public async Task EnableAsync_StorageFailsHalfWay_ReportsWhatRemainsAndARerunFinishes()
    {
        var objects = new ClusterObjects(fixture.Client("failing"));
        fixture.Storage.FailFor = "failing";
        ProtectionRun failed;
        try
        {
            failed = await fixture.Protection.EnableAsync(Admin, "failing", new(), null, CancellationToken.None).DefaultTimeout(60);
        }
        finally
        {
            fixture.Storage.FailFor = null;
        }

        failed.Succeeded.ShouldBeFalse();
        failed.Steps.Single(s => s.State == StepState.Failed).Name.ShouldBe(VeleroInstaller.Storage);
        failed.Remaining.ShouldBe(VeleroInstaller.Steps.Skip(4));
        failed.Error.ShouldNotBeNull().ShouldContain("The storage provider is unreachable (test).");
        failed.Error.ShouldContain("Completed: CRDs, Namespace, Service account, Cluster role binding.");
        (await objects.GetAsync("apis/apps/v1/namespaces/velero/deployments/velero")).ShouldBeNull();
        var status = await fixture.Protection.GetStatusAsync(Admin, "failing", CancellationToken.None);
        (status.Status, status.LastError).ShouldBe((ProtectionStatus.Error, failed.Error));
        status.LastSteps.Select(s => s.State).ShouldBe(failed.Steps.Select(s => s.State));
        var rows = (await fixture.App.Service<AuditService>().ListAsync(new AuditQuery(Action: AuditActions.ProtectionEnable, Cluster: "failing"), new PageRequest(), CancellationToken.None)).Items;
        rows.ShouldContain(r => r.Outcome == AuditOutcome.Failed && r.Error == failed.Error);

        var rerun = await fixture.Protection.EnableAsync(Admin, "failing", new(), null, CancellationToken.None).DefaultTimeout(60);

        rerun.Succeeded.ShouldBeTrue(rerun.Error);
        (await fixture.Protection.GetStatusAsync(Admin, "failing", CancellationToken.None)).Status.ShouldBe(ProtectionStatus.Ready);
    }

    private static async Task ShouldBeUninstalledAsync(ClusterObjects objects)
    {
        (await objects.GetAsync("apis/apps/v1/namespaces/velero/deployments/velero")).ShouldBeNull();
        (await objects.GetAsync("api/v1/namespaces/velero")).ShouldBeNull();
        (await objects.GetAsync("apis/rbac.authorization.k8s.io/v1/clusterrolebindings/velero")).ShouldBeNull();
        foreach (var crd in VeleroCrds.Names)
            (await objects.GetAsync($"apis/apiextensions.k8s.io/v1/customresourcedefinitions/{crd}")).ShouldBeNull();
    }
}
