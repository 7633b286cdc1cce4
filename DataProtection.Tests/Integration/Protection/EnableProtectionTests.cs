using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Protection;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.Velero;

namespace DataProtection.Tests.Integration.Protection;

/// <summary>Enable, enable again, upgrade and adopt against the sandbox's API server and Velero controller.</summary>
[Collection(ProtectionCollection.Name)]
public sealed class EnableProtectionTests(ProtectionFixture fixture)
{
    private static readonly Actor Admin = ProtectionFixture.Admin;
    private const string Apps = "apis/apps/v1/namespaces/velero";
    private const string Velero = "apis/velero.io/v1/namespaces/velero";

    private static readonly string[] Paths =
    [
        "api/v1/namespaces/velero", "api/v1/namespaces/velero/serviceaccounts/velero", "api/v1/namespaces/velero/secrets/cloud-credentials",
        "apis/rbac.authorization.k8s.io/v1/clusterrolebindings/velero", $"{Velero}/backupstoragelocations/default",
        $"{Velero}/volumesnapshotlocations/default", $"{Apps}/deployments/velero", $"{Apps}/daemonsets/node-agent",
    ];

    [Fact]
    public async Task EnableAsync_Twice_InstallsEverythingThenChangesNothing()
    {
        var steps = new List<IReadOnlyList<ProtectionStep>>();
        var objects = new ClusterObjects(fixture.Client("enable"));

        var run = await fixture.Protection.EnableAsync(Admin, "enable", new EnableProtectionRequest("v1.18.1"), new SyncProgress<IReadOnlyList<ProtectionStep>>(steps.Add), CancellationToken.None).DefaultTimeout(60);

        run.Succeeded.ShouldBeTrue(run.Error);
        run.Steps.ShouldAllBe(s => s.State == StepState.Done);
        steps.Count.ShouldBeGreaterThanOrEqualTo(2 * VeleroInstaller.Steps.Length);
        foreach (var name in VeleroCrds.Names)
        {
            var crd = await objects.RequiredAsync($"apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}");
            ((string?)crd["metadata"]!["labels"]!["component"]).ShouldBe("velero");
        }
        VeleroCrds.Names.Count.ShouldBe(13);
        foreach (var embedded in VeleroCrds.Objects())
        {
            var served = await objects.RequiredAsync($"apis/apiextensions.k8s.io/v1/customresourcedefinitions/{embedded["metadata"]!["name"]}");
            JsonNode.DeepEquals(served["spec"]!["versions"]![0]!["schema"], embedded["spec"]!["versions"]![0]!["schema"]).ShouldBeTrue();
        }
        foreach (var path in Paths)
            await objects.RequiredAsync(path);
        var ns = await objects.RequiredAsync("api/v1/namespaces/velero");
        ((string?)ns["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]).ShouldBe("privileged");
        var binding = await objects.RequiredAsync("apis/rbac.authorization.k8s.io/v1/clusterrolebindings/velero");
        ((string?)binding["roleRef"]!["name"]).ShouldBe("cluster-admin");
        var pod = (await objects.RequiredAsync($"{Apps}/deployments/velero"))["spec"]!["template"]!["spec"]!;
        ((string?)pod["containers"]![0]!["image"]).ShouldBe("velero/velero:v1.18.1");
        ((string?)pod["initContainers"]![0]!["image"]).ShouldBe("velero/velero-plugin-for-aws:v1.14.4");
        pod["containers"]![0]!["args"]!.AsArray().Select(a => (string?)a).ShouldBe(["server", "--uploader-type=kopia", "--default-volumes-to-fs-backup=false"]);
        var snapshotLocation = await objects.RequiredAsync($"{Velero}/volumesnapshotlocations/default");
        ((string?)snapshotLocation["spec"]!["provider"]).ShouldBe("aws");
        ((string?)(await objects.RequiredAsync($"{Velero}/backupstoragelocations/default"))["status"]!["phase"]).ShouldBe("Available");
        var status = await fixture.Protection.GetStatusAsync(Admin, "enable", CancellationToken.None);
        (status.Status, status.ServerVersion, status.InstalledVersion, status.StoragePhase, status.Adopted).ShouldBe((ProtectionStatus.Ready, "v1.18.0", "v1.18.1", "Available", false));

        var before = await VersionsAsync(objects);
        var again = await fixture.Protection.EnableAsync(Admin, "enable", new EnableProtectionRequest("v1.18.1"), null, CancellationToken.None).DefaultTimeout(60);

        again.Succeeded.ShouldBeTrue(again.Error);
        (await VersionsAsync(objects)).ShouldBe(before);
        again.Steps.Single(s => s.Name == VeleroInstaller.Crds).Detail.ShouldBe("13 CRDs unchanged");
        again.Steps.Single(s => s.Name == VeleroInstaller.Deployment).Detail.ShouldBe("unchanged");
    }

    [Fact]
    public async Task UpgradeAsync_OtherVersionAndRegistry_ChangesTheThreeImages()
    {
        var objects = new ClusterObjects(fixture.Client("enable"));
        var enabled = await fixture.Protection.EnableAsync(Admin, "enable", new EnableProtectionRequest("v1.18.1"), null, CancellationToken.None).DefaultTimeout(60);
        enabled.Succeeded.ShouldBeTrue(enabled.Error);

        var run = await fixture.Protection.UpgradeAsync(Admin, "enable", new EnableProtectionRequest("v1.17.1", "registry.local:5000/mirror"), null, CancellationToken.None).DefaultTimeout(60);

        run.Succeeded.ShouldBeTrue(run.Error);
        var pod = (await objects.RequiredAsync($"{Apps}/deployments/velero"))["spec"]!["template"]!["spec"]!;
        ((string?)pod["containers"]![0]!["image"]).ShouldBe("registry.local:5000/mirror/velero/velero:v1.17.1");
        ((string?)pod["initContainers"]![0]!["image"]).ShouldBe("registry.local:5000/mirror/velero/velero-plugin-for-aws:v1.13.1");
        var agent = (await objects.RequiredAsync($"{Apps}/daemonsets/node-agent"))["spec"]!["template"]!["spec"]!;
        ((string?)agent["containers"]![0]!["image"]).ShouldBe("registry.local:5000/mirror/velero/velero:v1.17.1");
        (await fixture.Protection.GetStatusAsync(Admin, "enable", CancellationToken.None)).InstalledVersion.ShouldBe("v1.17.1");

        var back = await fixture.Protection.UpgradeAsync(Admin, "enable", new EnableProtectionRequest("v1.18.1", ""), null, CancellationToken.None).DefaultTimeout(60);
        back.Succeeded.ShouldBeTrue(back.Error);
        ((string?)(await objects.RequiredAsync($"{Apps}/deployments/velero"))["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]).ShouldBe("velero/velero:v1.18.1");
    }

    [Fact]
    public async Task EnableAsync_HandInstalledVelero_IsAdoptedNotChangedAndNotRemovedUnlessForced()
    {
        using var client = fixture.Client("adopt");
        await VeleroFixture.InstallVeleroAsync(client, fixture.S3, nodeAgent: false);
        await fixture.Storage.EnsureDefaultLocationAsync(Admin, "adopt", client, "velero", CancellationToken.None).DefaultTimeout();
        var objects = new ClusterObjects(client);
        var deployment = await objects.ResourceVersionAsync($"{Apps}/deployments/velero");

        var run = await fixture.Protection.EnableAsync(Admin, "adopt", new EnableProtectionRequest(), null, CancellationToken.None).DefaultTimeout(60);

        run.Succeeded.ShouldBeTrue(run.Error);
        run.Steps.Where(s => s.State == StepState.Skipped).Count().ShouldBe(VeleroInstaller.Steps.Length - 2);
        (await objects.ResourceVersionAsync($"{Apps}/deployments/velero")).ShouldBe(deployment);
        (await objects.GetAsync($"{Apps}/daemonsets/node-agent")).ShouldBeNull();
        var status = await fixture.Protection.GetStatusAsync(Admin, "adopt", CancellationToken.None);
        (status.Status, status.Adopted, status.InstalledVersion, status.ServerVersion).ShouldBe((ProtectionStatus.Ready, true, "v1.18.0", "v1.18.0"));
        var refused = await Should.ThrowAsync<ValidationException>(() => fixture.Protection.DisableAsync(Admin, "adopt", new DisableProtectionRequest(BackupDisposition.Keep), null, CancellationToken.None)).DefaultTimeout();
        refused.Field.ShouldBe("force");
        await Should.ThrowAsync<ConflictException>(() => fixture.Protection.UpgradeAsync(Admin, "adopt", new EnableProtectionRequest("v1.17.1"), null, CancellationToken.None)).DefaultTimeout();
        (await objects.ResourceVersionAsync($"{Apps}/deployments/velero")).ShouldBe(deployment);
    }

    [Theory]
    [InlineData("v9.9.9", null, "version")]
    [InlineData("v1.18.1", "https://registry.local", "imageRegistry")]
    [InlineData(null, "Registry With Spaces", "imageRegistry")]
    public async Task EnableAsync_BadInput_NamesTheFieldAndWritesNothing(string? version, string? registry, string field)
    {
        var objects = new ClusterObjects(fixture.Client("input"));

        var error = await Should.ThrowAsync<ValidationException>(() => fixture.Protection.EnableAsync(Admin, "input", new EnableProtectionRequest(version, registry), null, CancellationToken.None)).DefaultTimeout();

        error.Field.ShouldBe(field);
        (await objects.GetAsync("api/v1/namespaces/velero")).ShouldBeNull();
        (await objects.GetAsync("apis/apiextensions.k8s.io/v1/customresourcedefinitions/backups.velero.io")).ShouldBeNull();
        (await fixture.Protection.GetStatusAsync(Admin, "input", CancellationToken.None)).Status.ShouldBe(ProtectionStatus.NotInstalled);
    }

    [Fact]
    public async Task EnableAsync_WhileARunIsGoing_IsAConflict()
    {
        // The audit writer serialises the two starts, so the second always finds the first registered as running.
        var first = fixture.Protection.EnableAsync(Admin, "enable", new EnableProtectionRequest("v1.18.1"), null, CancellationToken.None);
        var second = fixture.Protection.EnableAsync(Admin, "enable", new EnableProtectionRequest("v1.18.1"), null, CancellationToken.None);

        var conflict = await Should.ThrowAsync<ConflictException>(second).DefaultTimeout();
        var run = await first.DefaultTimeout(60);

        conflict.Message.ShouldBe("A data protection change is already running on enable; wait for it to finish.");
        run.Succeeded.ShouldBeTrue(run.Error);
    }

    [Fact]
    public async Task EnableAsync_Operator_IsDeniedAndAudited()
    {
        var op = new Actor("olga", Roles.Operator, AuditSource.API);

        await Should.ThrowAsync<ForbiddenException>(() => fixture.Protection.EnableAsync(op, "input", new EnableProtectionRequest(), null, CancellationToken.None)).DefaultTimeout();

        var rows = (await fixture.App.Service<AuditService>().ListAsync(new AuditQuery(Action: AuditActions.ProtectionEnable, Cluster: "input"), new PageRequest(), CancellationToken.None)).Items;
        rows.ShouldContain(r => r.Actor == "olga" && r.Outcome == AuditOutcome.Denied);
    }

    private static async Task<List<string>> VersionsAsync(ClusterObjects objects)
    {
        var versions = new List<string>();
        // The BSL is left out: Velero rewrites its status at every validation.
        foreach (var path in Paths.Where(p => !p.Contains("backupstoragelocations")).Concat(VeleroCrds.Names.Select(n => $"apis/apiextensions.k8s.io/v1/customresourcedefinitions/{n}")))
            versions.Add(path + "@" + await objects.ResourceVersionAsync(path));
        return versions;
    }
}

/// <summary>Reports on the caller's thread; <see cref="Progress{T}"/> would post to the thread pool and race the assertions.</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
