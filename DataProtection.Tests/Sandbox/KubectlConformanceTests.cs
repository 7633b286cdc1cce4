using System.Text.Json;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Sandbox;

/// <summary>The real kubectl 1.32 reading and changing objects in the sandbox: what the README promises works.</summary>
[Collection(SandboxCollection.Name)]
public sealed class KubectlConformanceTests(SandboxFixture sandbox)
{
    private Kubectl Kubectl => sandbox.Kubectl;

    private Task<string> NamespaceWithSamplesAsync() => KubectlSamples.NamespaceWithSamplesAsync(sandbox);

    [Fact]
    public async Task Get_OutputFormats_JsonNameLabelsAndAllNamespaces()
    {
        var ns = await NamespaceWithSamplesAsync();

        var json = JsonDocument.Parse((await Kubectl.RunAsync($"get cm,deploy -n {ns} -o json")).ShouldSucceed().Output).RootElement;
        var names = (await Kubectl.RunAsync($"get backups -n {ns} -o name")).ShouldSucceed().Output;
        var selected = (await Kubectl.RunArgsAsync(null, "get", "cm,deploy", "-n", ns, "-l", "tier in (backend),app!=web", "-o", "name")).ShouldSucceed().Output;
        var all = (await Kubectl.RunAsync("get deploy -A --show-labels")).ShouldSucceed().Output;

        json.GetProperty("kind").GetString().ShouldBe("List");
        json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).ShouldBe(["ConfigMap", "Deployment"]);
        names.Trim().ShouldBe("backup.velero.io/nightly-1");
        selected.Trim().ShouldBe("configmap/settings");
        all.ShouldStartWith("NAMESPACE");
        all.ShouldContain($"{ns}  ");
        all.ShouldContain("app=web,tier=frontend");
    }

    [Fact]
    public async Task Get_Table_ShowsPrinterColumns()
    {
        var ns = await NamespaceWithSamplesAsync();

        var bsl = (await Kubectl.RunAsync($"get bsl -n {ns}")).ShouldSucceed().Output;
        var pods = (await Kubectl.RunAsync("get pods -n shop -o wide")).ShouldSucceed().Output;

        bsl.Split('\n')[0].ShouldContain("PHASE");
        pods.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"]);
    }

    [Fact]
    public async Task GetWatch_ObjectUpdated_PrintsTheNewRow()
    {
        var ns = await NamespaceWithSamplesAsync();
        using var watch = Kubectl.Start("get", "cm", "settings", "-n", ns, "-w", "--output-watch-events");
        try
        {
            (await watch.StandardOutput.ReadLineAsync().DefaultTimeout()).ShouldNotBeNull().ShouldContain("EVENT");
            (await watch.StandardOutput.ReadLineAsync().DefaultTimeout()).ShouldNotBeNull().ShouldContain("ADDED");

            (await Kubectl.RunArgsAsync(null, "patch", "cm", "settings", "-n", ns, "--type", "merge", "-p", """{"data":{"extra":"1"}}""")).ShouldSucceed();

            var modified = await watch.StandardOutput.ReadLineAsync().DefaultTimeout();
            modified.ShouldNotBeNull().ShouldContain("MODIFIED");
            modified.ShouldContain("settings");
        }
        finally
        {
            watch.Kill();
        }
    }

    [Fact]
    public async Task LabelAnnotatePatch_OnBuiltInAndCustomResources_Apply()
    {
        var ns = await NamespaceWithSamplesAsync();

        (await Kubectl.RunAsync($"label cm settings -n {ns} env=prod")).ShouldSucceed().Output.ShouldContain("configmap/settings labeled");
        (await Kubectl.RunAsync($"label backup nightly-1 -n {ns} env=prod")).ShouldSucceed().Output.ShouldContain("labeled");
        (await Kubectl.RunAsync($"annotate cm settings -n {ns} note=hi")).ShouldSucceed().Output.ShouldContain("annotated");
        (await Kubectl.RunArgsAsync(null, "patch", "backup", "nightly-1", "-n", ns, "--type", "merge", "-p", """{"spec":{"ttl":"24h0m0s"}}""")).ShouldSucceed();
        (await Kubectl.RunArgsAsync(null, "patch", "cm", "settings", "-n", ns, "--type", "json", "-p", """[{"op":"replace","path":"/data/mode","value":"slow"}]""")).ShouldSucceed();
        (await Kubectl.RunAsync($"label cm settings -n {ns} env-")).ShouldSucceed().Output.ShouldContain("unlabeled");

        (await Kubectl.RunArgsAsync(null, "get", "backup", "nightly-1", "-n", ns, "-o", "jsonpath={.spec.ttl} {.metadata.labels.env}")).Output.ShouldBe("24h0m0s prod");
        (await Kubectl.RunArgsAsync(null, "get", "cm", "settings", "-n", ns, "-o", "jsonpath={.data.mode} {.metadata.annotations.note} {.metadata.labels.env}")).Output.ShouldBe("slow hi ");
    }

    [Fact]
    public async Task Patch_StrategicOnCustomResource_FailsWith415()
    {
        var ns = await NamespaceWithSamplesAsync();

        var result = await Kubectl.RunArgsAsync(null, "patch", "backup", "nightly-1", "-n", ns, "-p", """{"spec":{"ttl":"1h0m0s"}}""");

        result.ExitCode.ShouldNotBe(0);
        result.Error.ShouldContain("application/strategic-merge-patch+json is not supported");
    }

    [Fact]
    public async Task Delete_ObjectAndNamespace_AreGone()
    {
        var ns = await NamespaceWithSamplesAsync();

        (await Kubectl.RunAsync($"delete cm settings -n {ns}")).ShouldSucceed().Output.ShouldContain("configmap \"settings\" deleted");
        (await Kubectl.RunAsync($"delete ns {ns}")).ShouldSucceed().Output.ShouldContain($"namespace \"{ns}\" deleted");

        var gone = await Kubectl.RunAsync($"get backups -n {ns} -o name");
        gone.Output.ShouldBeEmpty();
        (await Kubectl.RunAsync($"get ns {ns}")).Error.ShouldContain($"namespaces \"{ns}\" not found");
    }

    [Fact]
    public async Task Version_AndApiResources_Answer()
    {
        (await Kubectl.RunAsync("version")).ShouldSucceed().Output.ShouldContain("Server Version: v1.32.0");
        var resources = (await Kubectl.RunAsync("api-resources")).ShouldSucceed().Output;

        foreach (var name in new[] { "pods", "deployments", "statefulsets", "cronjobs", "ingresses", "clusterrolebindings", "storageclasses", "customresourcedefinitions" })
            resources.ShouldContain(name);
    }

    [Fact]
    public async Task Get_YamlFieldSelectorAndApiVersions_Answer()
    {
        var ns = await NamespaceWithSamplesAsync();

        var yaml = (await Kubectl.RunAsync($"get cm settings -n {ns} -o yaml")).ShouldSucceed().Output;
        var byField = (await Kubectl.RunAsync($"get cm -A --field-selector metadata.name=settings,metadata.namespace={ns} -o name")).ShouldSucceed().Output;
        var versions = (await Kubectl.RunAsync("api-versions")).ShouldSucceed().Output;

        yaml.ShouldContain("kind: ConfigMap");
        yaml.ShouldContain("mode: fast");
        byField.Trim().ShouldBe("configmap/settings");
        versions.ShouldContain("apps/v1");
        versions.ShouldContain("velero.io/v1");
    }

    [Fact]
    public async Task PatchStrategic_OnDeploymentContainers_MergesByName()
    {
        var ns = await NamespaceWithSamplesAsync();

        (await Kubectl.RunArgsAsync(null, "patch", "deploy", "web", "-n", ns, "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}""")).ShouldSucceed();

        (await Kubectl.RunArgsAsync(null, "get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[*].image} {.metadata.generation}")).Output.ShouldBe("nginx:1.28 2");
    }

    [Fact]
    public async Task WaitEstablished_VeleroCrd_ConditionMet()
    {
        await KubectlSamples.InstallVeleroCrdsAsync(sandbox);

        var result = await Kubectl.RunAsync("wait --for=condition=established crd/backups.velero.io --timeout=20s");

        result.ShouldSucceed().Output.ShouldContain("condition met");
    }

    [Fact]
    public async Task Scale_Deployment_ChangesReplicasThroughTheScaleSubresource()
    {
        var ns = await NamespaceWithSamplesAsync();

        (await Kubectl.RunAsync($"scale deploy web -n {ns} --replicas=5")).ShouldSucceed().Output.ShouldContain("deployment.apps/web scaled");

        (await Kubectl.RunArgsAsync(null, "get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).Output.ShouldBe("5");
        var raw = (await Kubectl.RunAsync($"get --raw /clusters/sandbox/apis/apps/v1/namespaces/{ns}/deployments/web/scale")).ShouldSucceed().Output;
        JsonDocument.Parse(raw).RootElement.GetProperty("spec").GetProperty("replicas").GetInt32().ShouldBe(5);
    }
}
