using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;
using static DataProtection.Tests.Sandbox.Velero.RestoreTestKit;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Restoring over objects that are still there: existingResourcePolicy, and how restored objects are cleaned.</summary>
[Collection(VeleroCollection.Name)]
public sealed class RestorePolicyTests(VeleroFixture velero)
{
    private readonly RestoreTestKit _kit = new(velero);

    private async Task<(string Namespace, string Backup)> BackedUpThenChangedAsync()
    {
        var (ns, backup) = await _kit.BackedUpNamespaceAsync();
        await velero.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"changed":"yes"}}""", V1Patch.PatchType.MergePatch), "one", ns).DefaultTimeout();
        return (ns, backup);
    }

    [Fact]
    public async Task Restore_ExistingPolicyNone_ChangedObjectKeptWithWarning()
    {
        var (ns, backup) = await BackedUpThenChangedAsync();

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = backup, ["existingResourcePolicy"] = "none" });

        ((string?)restore["status"]!["phase"]).ShouldBe("Completed");
        ((int)restore["status"]!["warnings"]!).ShouldBe(1);
        (await ConfigMapAsync(velero.Client, ns, "one"))!.Data["changed"].ShouldBe("yes");
        var results = await _kit.RestoreFileAsync(restore, "restore-<r>-results.gz");
        results["warnings"]!["namespaces"]![ns]!.AsArray().Select(w => (string)w!).ShouldBe([
            "could not restore, ConfigMap \"one\" already exists. Warning: the in-cluster version is different than the backed-up version"]);
        // Velero records an item that only drew a warning as failed, and an identical one as skipped.
        (await _kit.ResourceListAsync(restore, "v1/ConfigMap")).ShouldBe([$"{ns}/one(failed)", $"{ns}/two(skipped)"]);
    }

    [Fact]
    public async Task Restore_ExistingPolicyUpdate_ChangedObjectUpdatedToBackup()
    {
        var (ns, backup) = await BackedUpThenChangedAsync();

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = backup, ["existingResourcePolicy"] = "update" });

        ((string?)restore["status"]!["phase"]).ShouldBe("Completed");
        restore["status"]!["warnings"].ShouldBeNull();
        var one = await ConfigMapAsync(velero.Client, ns, "one");
        (one!.Data ?? new Dictionary<string, string>()).ShouldNotContainKey("changed");
        one.Metadata.Labels["velero.io/restore-name"].ShouldBe(Name(restore));
        one.Metadata.Labels["velero.io/backup-name"].ShouldBe(backup);
        (await _kit.ResourceListAsync(restore, "v1/ConfigMap")).ShouldBe([$"{ns}/one(updated)", $"{ns}/two(skipped)"]);
    }

    [Fact]
    public async Task Restore_RestoredObjects_CleanedAndLabelled()
    {
        var ns = await _kit.Backups.NamespaceWithConfigMapsAsync(("owned", null));
        var original = await ConfigMapAsync(velero.Client, ns, "owned");
        await velero.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(
            """{"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"gone","uid":"0f0e0d0c-0000-4000-8000-000000000001"}]}}""",
            V1Patch.PatchType.MergePatch), "owned", ns).DefaultTimeout();
        await velero.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new() { Name = "web" },
            Spec = new() { Type = "NodePort", ClusterIP = "10.96.0.42", ClusterIPs = ["10.96.0.42"], Ports = [new() { Name = "http", Port = 80, NodePort = 30080 }] },
        }, ns).DefaultTimeout();
        var backup = await _kit.Backups.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });
        await DeleteNamespaceAsync(velero.Client, ns);

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = Name(backup) });

        ((string?)restore["status"]!["phase"]).ShouldBe("Completed");
        var owned = (await ConfigMapAsync(velero.Client, ns, "owned"))!;
        owned.Metadata.Uid.ShouldNotBe(original!.Metadata.Uid);
        owned.Metadata.OwnerReferences.ShouldBeNull();
        owned.Metadata.Labels["velero.io/backup-name"].ShouldBe(Name(backup));
        owned.Metadata.Labels["velero.io/restore-name"].ShouldBe(Name(restore));
        var service = await velero.Client.CoreV1.ReadNamespacedServiceAsync("web", ns).DefaultTimeout();
        service.Spec.ClusterIP.ShouldBeNull();
        service.Spec.ClusterIPs.ShouldBeNull();
        service.Spec.Ports.Single().NodePort.ShouldBeNull();
    }

    [Theory]
    [InlineData("""{"includedResources":["deploy"]}""", 3)]
    [InlineData("""{"excludedResources":["deployments.apps"]}""", null)]
    [InlineData(null, null)]
    public async Task Restore_RestoreStatus_StatusRestoredOnlyForThoseResources(string? restoreStatus, int? replicas)
    {
        var ns = await _kit.Backups.NamespaceWithConfigMapsAsync();
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        await velero.Client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new() { Name = "web" },
            Spec = new()
            {
                Selector = new() { MatchLabels = labels },
                Template = new() { Metadata = new() { Labels = labels }, Spec = new() { Containers = [new() { Name = "web", Image = "nginx" }] } },
            },
        }, ns).DefaultTimeout();
        await velero.Client.AppsV1.PatchNamespacedDeploymentStatusAsync(
            new V1Patch("""{"status":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "web", ns).DefaultTimeout();
        var backup = await _kit.Backups.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });
        await DeleteNamespaceAsync(velero.Client, ns);
        var spec = new JsonObject { ["backupName"] = Name(backup) };
        if (restoreStatus is not null)
            spec["restoreStatus"] = JsonNode.Parse(restoreStatus);

        var restore = await _kit.RunAsync(spec);

        ((string?)restore["status"]!["phase"]).ShouldBe("Completed");
        var deployment = await velero.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns).DefaultTimeout();
        (deployment.Status?.Replicas).ShouldBe(replicas);
    }

    [Fact]
    public async Task Restore_PreserveNodePorts_NodePortKept()
    {
        var ns = await _kit.Backups.NamespaceWithConfigMapsAsync();
        await velero.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new() { Name = "web" },
            Spec = new() { Type = "NodePort", Ports = [new() { Name = "http", Port = 80, NodePort = 30081 }] },
        }, ns).DefaultTimeout();
        var backup = await _kit.Backups.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });
        await DeleteNamespaceAsync(velero.Client, ns);

        await _kit.RunAsync(new JsonObject { ["backupName"] = Name(backup), ["preserveNodePorts"] = true });

        (await velero.Client.CoreV1.ReadNamespacedServiceAsync("web", ns).DefaultTimeout()).Spec.Ports.Single().NodePort.ShouldBe(30081);
    }
}
