using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Volumes;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Clusters;
using k8s;

namespace DataProtection.Tests.Integration.Volumes;

/// <summary>The opt-in toggle against the sandbox: it must land in the owner's pod template and come back in the list.</summary>
public sealed class VolumeOptInTests(SandboxClusterFixture sandbox) : IClassFixture<SandboxClusterFixture>
{
    private static readonly Actor Operator = new("olga", Roles.Operator, AuditSource.UI);
    private static readonly Actor Viewer = new("vic", Roles.Viewer, AuditSource.UI);

    private VolumeService Volumes => sandbox.App.Service<VolumeService>();

    private async Task<VolumeWorkloads> NamespaceAsync()
    {
        var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.Server.KubeconfigPath, currentContext: "sandbox"));
        var workloads = new VolumeWorkloads(client, "optin-" + Guid.NewGuid().ToString("N")[..8]);
        await workloads.CreateNamespaceAsync();
        return workloads;
    }

    private async Task<PodVolumes> PodAsync(VolumeWorkloads k, string pod) =>
        (await Volumes.ListPodVolumesAsync(Viewer, "sandbox", k.Namespace, 100, null, CancellationToken.None).DefaultTimeout()).Items.Single(p => p.Pod == pod);

    private Task<SetOptInResult> SetAsync(VolumeWorkloads k, string pod, string volume, bool optedIn, Actor? actor = null) =>
        Volumes.SetOptInAsync(actor ?? Operator, "sandbox", k.Namespace, pod, volume, optedIn, CancellationToken.None).DefaultTimeout();

    [Fact]
    public async Task SetOptInAsync_DeploymentPod_RoundTripsThroughTheDeploymentTemplate()
    {
        var k = await NamespaceAsync();
        await k.DeploymentAsync();
        var before = await PodAsync(k, "web-5d4f-abcde");
        before.Owner.ShouldBe(new WorkloadOwner("Deployment", "web"));
        before.Volumes.Single(v => v.Name == "data").ShouldBe(new PodVolume("data", "persistentVolumeClaim", "data-web", "5Gi", false, false, null, false));

        await SetAsync(k, "web-5d4f-abcde", "data", true);
        await SetAsync(k, "web-5d4f-abcde", "cache", true);

        VolumeWorkloads.TemplateAnnotation(await k.GetAsync("Deployment", "web"), BackupAnnotations.BackupVolumes).ShouldBe("data,cache");
        VolumeWorkloads.TemplateAnnotation(await k.GetAsync("ReplicaSet", "web-5d4f"), BackupAnnotations.BackupVolumes).ShouldBeNull("the ReplicaSet is the Deployment's to change");
        var optedIn = await PodAsync(k, "web-5d4f-abcde");
        optedIn.Volumes.Where(v => v.OptedIn).Select(v => v.Name).ShouldBe(["data", "cache"]);
        optedIn.Volumes.Where(v => v.OptedIn).ShouldAllBe(v => v.PendingRollout, "the running pod still has the old annotation");

        await SetAsync(k, "web-5d4f-abcde", "data", false);
        VolumeWorkloads.TemplateAnnotation(await k.GetAsync("Deployment", "web"), BackupAnnotations.BackupVolumes).ShouldBe("cache");
        var result = await SetAsync(k, "web-5d4f-abcde", "cache", false);

        result.BackupVolumes.ShouldBeEmpty();
        var template = (await k.GetAsync("Deployment", "web"))["spec"]!["template"]!["metadata"]!["annotations"] as JsonObject;
        (template?.ContainsKey(BackupAnnotations.BackupVolumes) ?? false).ShouldBeFalse("an empty list removes the annotation");
        (await PodAsync(k, "web-5d4f-abcde")).Volumes.ShouldAllBe(v => !v.OptedIn && !v.PendingRollout);
    }

    [Theory]
    [InlineData("StatefulSet")]
    [InlineData("DaemonSet")]
    public async Task SetOptInAsync_DirectOwner_PatchesItsTemplate(string kind)
    {
        var k = await NamespaceAsync();
        await k.WorkloadAsync(kind, "db", VolumeWorkloads.StandardVolumes("data-db-0"));
        await k.PodAsync("db-0", VolumeWorkloads.StandardVolumes("data-db-0"), (kind, "db"));

        var result = await SetAsync(k, "db-0", "data", true);

        result.Owner.ShouldBe(new WorkloadOwner(kind, "db"));
        VolumeWorkloads.TemplateAnnotation(await k.GetAsync(kind, "db"), BackupAnnotations.BackupVolumes).ShouldBe("data");
        (await PodAsync(k, "db-0")).Volumes.Single(v => v.Name == "data").ShouldSatisfyAllConditions(v => v.OptedIn.ShouldBeTrue(), v => v.PendingRollout.ShouldBeTrue());
    }

    [Fact]
    public async Task SetOptInAsync_CronJobPod_PatchesTheJobTemplateOfTheCronJob()
    {
        var k = await NamespaceAsync();
        await k.WorkloadAsync("CronJob", "nightly", VolumeWorkloads.StandardVolumes("scratch"));
        await k.WorkloadAsync("Job", "nightly-2900", VolumeWorkloads.StandardVolumes("scratch"), owner: ("CronJob", "nightly"));
        await k.PodAsync("nightly-2900-q7x", VolumeWorkloads.StandardVolumes("scratch"), ("Job", "nightly-2900"));

        var result = await SetAsync(k, "nightly-2900-q7x", "cache", true);

        result.Owner.ShouldBe(new WorkloadOwner("CronJob", "nightly"));
        VolumeWorkloads.TemplateAnnotation(await k.GetAsync("CronJob", "nightly"), BackupAnnotations.BackupVolumes).ShouldBe("cache");
    }

    [Fact]
    public async Task SetOptInAsync_StandaloneJobPod_IsRefusedAsReadOnly()
    {
        var k = await NamespaceAsync();
        await k.WorkloadAsync("Job", "migrate", VolumeWorkloads.StandardVolumes("scratch"));
        await k.PodAsync("migrate-x2", VolumeWorkloads.StandardVolumes("scratch"), ("Job", "migrate"));

        var listed = await PodAsync(k, "migrate-x2");
        var ex = await Should.ThrowAsync<ValidationException>(() => SetAsync(k, "migrate-x2", "cache", true));

        listed.Owner.Editable.ShouldBeFalse();
        ex.Field.ShouldBe("pod");
        ex.Message.ShouldContain("Job migrate");
    }

    [Fact]
    public async Task SetOptInAsync_BarePod_PatchesThePodItself()
    {
        var k = await NamespaceAsync();
        await k.PodAsync("debug", VolumeWorkloads.StandardVolumes("data-debug"));

        var result = await SetAsync(k, "debug", "data", true);

        result.Owner.ShouldBe(new WorkloadOwner("Pod", "debug"));
        VolumeWorkloads.TemplateAnnotation(await k.GetAsync("Pod", "debug"), BackupAnnotations.BackupVolumes).ShouldBe("data");
        (await PodAsync(k, "debug")).Volumes.Single(v => v.Name == "data").ShouldSatisfyAllConditions(v => v.OptedIn.ShouldBeTrue(), v => v.PendingRollout.ShouldBeFalse());
        await SetAsync(k, "debug", "data", false);
        ((await k.GetAsync("Pod", "debug"))["metadata"]!["annotations"] as JsonObject)?.ContainsKey(BackupAnnotations.BackupVolumes).ShouldNotBe(true);
    }

    [Theory]
    [InlineData("config", "ConfigMap")]
    [InlineData("host", "hostPath")]
    [InlineData("kube-api-access-x1", "Service account token")]
    public async Task SetOptInAsync_KindVeleroCannotBackUp_IsRefusedAndNothingIsWritten(string volume, string reason)
    {
        var k = await NamespaceAsync();
        await k.DeploymentAsync();
        var version = (string?)(await k.GetAsync("Deployment", "web"))["metadata"]!["resourceVersion"];

        var ex = await Should.ThrowAsync<ValidationException>(() => SetAsync(k, "web-5d4f-abcde", volume, true));

        ex.Field.ShouldBe("volume");
        ex.Message.ShouldContain(reason);
        ((string?)(await k.GetAsync("Deployment", "web"))["metadata"]!["resourceVersion"]).ShouldBe(version);
        (await PodAsync(k, "web-5d4f-abcde")).Volumes.Single(v => v.Name == volume).UnsupportedReason.ShouldNotBeNull().ShouldContain(reason);
    }

    [Fact]
    public async Task SetOptInAsync_UnknownVolume_IsRefusedNamingThePodsVolumes()
    {
        var k = await NamespaceAsync();
        await k.DeploymentAsync();

        var ex = await Should.ThrowAsync<ValidationException>(() => SetAsync(k, "web-5d4f-abcde", "logs", true));

        ex.Field.ShouldBe("volume");
        ex.Message.ShouldContain("no volume named 'logs'");
        ex.Message.ShouldContain("data, cache, config");
    }

    [Fact]
    public async Task SetOptInAsync_Viewer_IsForbiddenAndAuditedAsDenied()
    {
        var k = await NamespaceAsync();
        await k.DeploymentAsync();

        await Should.ThrowAsync<ForbiddenException>(() => SetAsync(k, "web-5d4f-abcde", "data", true, Viewer));

        VolumeWorkloads.TemplateAnnotation(await k.GetAsync("Deployment", "web"), BackupAnnotations.BackupVolumes).ShouldBeNull();
        var row = (await sandbox.App.Service<AuditService>().ListAsync(new AuditQuery(Actor: "vic", Action: AuditActions.VolumeOptIn), new PageRequest(), CancellationToken.None)
            .DefaultTimeout()).Items.Single(r => r.TargetNamespace == k.Namespace);
        row.Outcome.ShouldBe(AuditOutcome.Denied);
    }

    [Fact]
    public async Task SetOptInAsync_Succeeded_WritesAnAuditRowNamingTheOwner()
    {
        var k = await NamespaceAsync();
        await k.DeploymentAsync();

        await SetAsync(k, "web-5d4f-abcde", "data", true);

        var row = (await sandbox.App.Service<AuditService>().ListAsync(new AuditQuery(Actor: "olga", Action: AuditActions.VolumeOptIn, Cluster: "sandbox"), new PageRequest(), CancellationToken.None)
            .DefaultTimeout()).Items.Single(r => r.TargetNamespace == k.Namespace);
        row.Outcome.ShouldBe(AuditOutcome.Succeeded);
        (row.TargetKind, row.TargetName).ShouldBe(("Deployment", "web"));
        var parameters = JsonNode.Parse(row.Parameters!)!;
        ((string?)parameters["volume"], (bool?)parameters["optedIn"], (string?)parameters["pod"]).ShouldBe(("data", true, "web-5d4f-abcde"));
    }
}
