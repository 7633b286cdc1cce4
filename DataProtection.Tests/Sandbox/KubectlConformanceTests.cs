using System.Text.Json;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Sandbox;

/// <summary>The real kubectl 1.32 against the sandbox: what the README promises works.</summary>
[Collection(SandboxCollection.Name)]
public sealed class KubectlConformanceTests(SandboxFixture sandbox)
{
    private Kubectl Kubectl => sandbox.Kubectl;

    private static string Samples(string ns) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: {ns}
          labels: {"{"}app: shop, tier: backend{"}"}
        data:
          mode: fast
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {ns}
          labels: {"{"}app: web, tier: frontend{"}"}
        spec:
          replicas: 2
          selector: {"{"}matchLabels: {"{"}app: web{"}"}{"}"}
          template:
            metadata: {"{"}labels: {"{"}app: web{"}"}{"}"}
            spec:
              containers: [{"{"}name: web, image: "nginx:1.27"{"}"}]
        ---
        apiVersion: velero.io/v1
        kind: BackupStorageLocation
        metadata:
          name: default
          namespace: {ns}
        spec:
          provider: aws
          objectStorage: {"{"}bucket: backups, prefix: sandbox{"}"}
          config: {"{"}region: minio, s3ForcePathStyle: "true", s3Url: "http://127.0.0.1:9000"{"}"}
        ---
        apiVersion: velero.io/v1
        kind: Backup
        metadata:
          name: nightly-1
          namespace: {ns}
          labels: {"{"}velero.io/schedule-name: nightly{"}"}
        spec:
          includedNamespaces: [shop]
          ttl: 720h0m0s
          storageLocation: default
        ---
        apiVersion: velero.io/v1
        kind: Schedule
        metadata:
          name: nightly
          namespace: {ns}
        spec:
          schedule: "0 2 * * *"
          template: {"{"}includedNamespaces: [shop], ttl: 720h0m0s{"}"}
        """;

    private async Task InstallVeleroCrdsAsync() =>
        (await Kubectl.RunAsync("apply -f /work/shared/velero/crds/v1/")).ShouldSucceed();

    private async Task<string> NamespaceWithSamplesAsync()
    {
        await InstallVeleroCrdsAsync();
        var ns = await sandbox.NewNamespaceAsync("k");
        (await Kubectl.RunAsync("apply -f -", Samples(ns))).ShouldSucceed();
        return ns;
    }

    [Fact]
    public async Task Apply_VeleroCrds_AllElevenAreCreatedAndServed()
    {
        var applied = (await Kubectl.RunAsync("apply -f /work/shared/velero/crds/v1/").DefaultTimeout(90)).ShouldSucceed();

        foreach (var file in Directory.GetFiles("/work/shared/velero/crds/v1"))
            applied.Output.ShouldContain($"customresourcedefinition.apiextensions.k8s.io/{Path.GetFileNameWithoutExtension(file)["velero.io_".Length..]}.velero.io");
        (await Kubectl.RunAsync("get backups.velero.io,schedules,bsl,restores -A")).ShouldSucceed();
        var resources = (await Kubectl.RunAsync("api-resources --api-group=velero.io")).ShouldSucceed().Output;
        resources.ShouldContain("backupstoragelocations");
        resources.ShouldContain("bsl");
    }

    [Fact]
    public async Task Apply_SampleManifests_CreatedThenUnchanged()
    {
        await InstallVeleroCrdsAsync();
        var ns = await sandbox.NewNamespaceAsync("k");

        var first = (await Kubectl.RunAsync("apply -f -", Samples(ns))).ShouldSucceed();
        var second = (await Kubectl.RunAsync("apply -f -", Samples(ns))).ShouldSucceed();

        first.Output.ShouldContain("configmap/settings created");
        first.Output.ShouldContain("deployment.apps/web created");
        first.Output.ShouldContain("backup.velero.io/nightly-1 created");
        first.Output.ShouldContain("schedule.velero.io/nightly created");
        second.Output.ShouldContain("backup.velero.io/nightly-1 unchanged");
        second.Output.ShouldContain("deployment.apps/web unchanged");
    }

    [Fact]
    public async Task Apply_ChangedManifest_IsConfigured()
    {
        var ns = await NamespaceWithSamplesAsync();

        var changed = (await Kubectl.RunAsync("apply -f -", Samples(ns).Replace("mode: fast", "mode: safe").Replace("replicas: 2", "replicas: 3"))).ShouldSucceed();

        changed.Output.ShouldContain("configmap/settings configured");
        changed.Output.ShouldContain("deployment.apps/web configured");
        (await Kubectl.RunAsync($"get deploy web -n {ns} -o jsonpath={{.spec.replicas}}")).Output.ShouldBe("3");
    }

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
    public async Task Apply_InvalidCustomResource_ReportsTheField()
    {
        await InstallVeleroCrdsAsync();
        var ns = await sandbox.NewNamespaceAsync("k");

        var result = await Kubectl.RunAsync("apply -f -", $"apiVersion: velero.io/v1\nkind: Backup\nmetadata: {{name: bad, namespace: {ns}}}\nspec: {{ttl: 5}}\n");

        result.ExitCode.ShouldNotBe(0);
        result.Error.ShouldContain("The Backup \"bad\" is invalid: spec.ttl: Invalid value: 5: spec.ttl in body must be of type string: \"integer\"");
    }

    [Fact]
    public async Task Apply_UnknownFieldInCustomResource_StrictValidationRejectsIt()
    {
        await InstallVeleroCrdsAsync();
        var ns = await sandbox.NewNamespaceAsync("k");

        var result = await Kubectl.RunAsync("apply -f -", $"apiVersion: velero.io/v1\nkind: Backup\nmetadata: {{name: typo, namespace: {ns}}}\nspec: {{ttl: 1h0m0s, includedNamespace: [shop]}}\n");

        result.ExitCode.ShouldNotBe(0);
        result.Error.ShouldContain("strict decoding error: unknown field \"spec.includedNamespace\"");
    }

    [Fact]
    public async Task DryRunServer_CreateAndDelete_ChangeNothing()
    {
        var ns = await NamespaceWithSamplesAsync();

        (await Kubectl.RunAsync($"delete cm settings -n {ns} --dry-run=server")).ShouldSucceed().Output.ShouldContain("(server dry run)");
        (await Kubectl.RunAsync("apply --dry-run=server -f -", $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: dry, namespace: {ns}}}\n")).ShouldSucceed();

        (await Kubectl.RunAsync($"get cm -n {ns} -o name")).Output.Trim().ShouldBe("configmap/settings");
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
    public async Task Replace_ExistingObject_IsReplaced()
    {
        var ns = await NamespaceWithSamplesAsync();

        var replaced = await Kubectl.RunAsync("replace -f -", $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: settings, namespace: {ns}}}\ndata: {{mode: replaced}}\n");

        replaced.ShouldSucceed().Output.ShouldContain("configmap/settings replaced");
    }

    [Fact]
    public async Task ApplyServerSide_NewObject_IsCreated()
    {
        var ns = await sandbox.NewNamespaceAsync("k");

        var applied = await Kubectl.RunAsync("apply --server-side -f -", $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: ssa, namespace: {ns}}}\ndata: {{a: b}}\n");

        applied.ShouldSucceed().Output.ShouldContain("configmap/ssa serverside-applied");
    }

    [Fact]
    public async Task CreateNamespace_TypedCommand_Gets415WithPipeToApplyAdvice()
    {
        var result = await Kubectl.RunAsync("create ns typed-create");

        result.ExitCode.ShouldNotBe(0);
        result.Error.ShouldContain("Error from server (UnsupportedMediaType)");
        result.Error.ShouldContain("--dry-run=client -o yaml | kubectl apply -f -");
    }

    [Fact]
    public async Task CreateNamespace_DryRunClientPipedToApply_Works()
    {
        var yaml = (await Kubectl.RunAsync("create ns piped-create --dry-run=client -o yaml")).ShouldSucceed().Output;

        (await Kubectl.RunAsync("apply -f -", yaml)).ShouldSucceed().Output.ShouldContain("namespace/piped-create created");
    }

    [Fact]
    public async Task Version_AndApiResources_Answer()
    {
        (await Kubectl.RunAsync("version")).ShouldSucceed().Output.ShouldContain("Server Version: v1.32.0");
        var resources = (await Kubectl.RunAsync("api-resources")).ShouldSucceed().Output;

        foreach (var name in new[] { "pods", "deployments", "statefulsets", "cronjobs", "ingresses", "clusterrolebindings", "storageclasses", "customresourcedefinitions" })
            resources.ShouldContain(name);
    }
}
