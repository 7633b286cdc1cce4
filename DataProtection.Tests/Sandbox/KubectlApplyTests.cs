using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Sandbox;

/// <summary>The real kubectl 1.32 creating objects: apply (client- and server-side), replace, dry runs, validation.</summary>
[Collection(SandboxCollection.Name)]
public sealed class KubectlApplyTests(SandboxFixture sandbox)
{
    private Kubectl Kubectl => sandbox.Kubectl;

    private static string Samples(string ns) => KubectlSamples.Manifests(ns);

    private Task InstallVeleroCrdsAsync() => KubectlSamples.InstallVeleroCrdsAsync(sandbox);

    private Task<string> NamespaceWithSamplesAsync() => KubectlSamples.NamespaceWithSamplesAsync(sandbox);

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
    public async Task Diff_ChangedManifest_ShowsTheChangeWithoutApplyingIt()
    {
        var ns = await NamespaceWithSamplesAsync();

        var diff = await Kubectl.RunAsync("diff -f -", Samples(ns).Replace("mode: fast", "mode: safe"));

        diff.ExitCode.ShouldBe(1, diff.Error);
        diff.Output.ShouldContain("+  mode: safe");
        (await Kubectl.RunArgsAsync(null, "get", "cm", "settings", "-n", ns, "-o", "jsonpath={.data.mode}")).Output.ShouldBe("fast");
    }
}
