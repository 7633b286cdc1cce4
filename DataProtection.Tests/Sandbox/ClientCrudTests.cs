using System.Net;
using System.Text.Json;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DataProtection.Tests.Sandbox;

[Collection(SandboxCollection.Name)]
public sealed class ClientCrudTests(SandboxFixture sandbox)
{
    private static V1ConfigMap ConfigMap(string name, Dictionary<string, string>? labels = null) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = labels }, Data = new Dictionary<string, string> { ["k"] = "v" } };

    [Fact]
    public async Task CreateNamespacedConfigMap_BodyWithoutKind_FillsServerFields()
    {
        var ns = await sandbox.NewNamespaceAsync();

        var created = await sandbox.Client().CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm1"), ns).DefaultTimeout();

        created.Kind.ShouldBe("ConfigMap");
        created.ApiVersion.ShouldBe("v1");
        created.Metadata.Uid.ShouldNotBeNullOrEmpty();
        created.Metadata.CreationTimestamp.ShouldNotBeNull();
        long.Parse(created.Metadata.ResourceVersion).ShouldBeGreaterThan(0);
        (await sandbox.Client().CoreV1.ReadNamespacedConfigMapAsync("cm1", ns)).Data["k"].ShouldBe("v");
    }

    [Fact]
    public async Task CreateNamespacedConfigMap_GenerateName_GetsAUniqueName()
    {
        var ns = await sandbox.NewNamespaceAsync();
        var body = new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "gen-" } };

        var first = await sandbox.Client().CoreV1.CreateNamespacedConfigMapAsync(body, ns);
        var second = await sandbox.Client().CoreV1.CreateNamespacedConfigMapAsync(body, ns);

        first.Metadata.Name.ShouldStartWith("gen-");
        second.Metadata.Name.ShouldNotBe(first.Metadata.Name);
    }

    [Fact]
    public async Task CreateNamespacedConfigMap_Twice_Returns409AlreadyExists()
    {
        var ns = await sandbox.NewNamespaceAsync();
        await sandbox.Client().CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dup"), ns);

        var status = await ErrorStatusAsync(() => sandbox.Client().CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dup"), ns));

        (status.Code, status.Reason, status.Message).ShouldBe((409, "AlreadyExists", "configmaps \"dup\" already exists"));
    }

    [Fact]
    public async Task CreateNamespacedConfigMap_NamespaceMissing_Returns404NamingTheNamespace()
    {
        var status = await ErrorStatusAsync(() => sandbox.Client().CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "no-such-ns"));

        (status.Code, status.Reason, status.Message).ShouldBe((404, "NotFound", "namespaces \"no-such-ns\" not found"));
    }

    [Fact]
    public async Task CreateNamespacedConfigMap_InvalidName_Returns422NamingMetadataName()
    {
        var ns = await sandbox.NewNamespaceAsync();

        var status = await ErrorStatusAsync(() => sandbox.Client().CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("Bad_Name"), ns));

        (status.Code, status.Reason).ShouldBe((422, "Invalid"));
        status.Message.ShouldStartWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"");
        status.Details.Causes.Single().Field.ShouldBe("metadata.name");
    }

    [Fact]
    public async Task Create_BodyOfAnotherKind_Returns400()
    {
        var ns = await sandbox.NewNamespaceAsync();
        var body = new StringContent("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"}}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await sandbox.SendAsync(HttpMethod.Post, $"api/v1/namespaces/{ns}/configmaps", content: body);
        var status = KubernetesJson.Deserialize<V1Status>(await response.Content.ReadAsStringAsync());

        (status.Code, status.Reason).ShouldBe((400, "BadRequest"));
        status.Message.ShouldContain("does not match the expected kind (ConfigMap)");
    }

    [Fact]
    public async Task ReplaceNamespacedConfigMap_StaleResourceVersion_Returns409Conflict()
    {
        var ns = await sandbox.NewNamespaceAsync();
        var client = sandbox.Client();
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), ns);
        created.Data["k"] = "v2";
        var updated = await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "cm", ns);
        updated.Data["k"].ShouldBe("v2");

        created.Data["k"] = "v3";
        var status = await ErrorStatusAsync(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "cm", ns));

        (status.Code, status.Reason).ShouldBe((409, "Conflict"));
        status.Message.ShouldContain("the object has been modified");
    }

    [Fact]
    public async Task Patch_MergeJsonAndStrategic_AllApply()
    {
        var ns = await sandbox.NewNamespaceAsync();
        var client = sandbox.Client();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), ns);

        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"m\":\"1\"}}", V1Patch.PatchType.MergePatch), "cm", ns);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("[{\"op\":\"add\",\"path\":\"/data/j\",\"value\":\"2\"},{\"op\":\"remove\",\"path\":\"/data/k\"}]", V1Patch.PatchType.JsonPatch), "cm", ns);
        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"s\":\"3\"}}", V1Patch.PatchType.StrategicMergePatch), "cm", ns);

        patched.Data.ShouldBe(new Dictionary<string, string> { ["m"] = "1", ["j"] = "2", ["s"] = "3" });
    }

    [Fact]
    public async Task Patch_ApplyPatchOnMissingObject_CreatesIt()
    {
        var ns = await sandbox.NewNamespaceAsync();
        var body = new V1Patch("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"applied\"},\"data\":{\"a\":\"b\"}}", V1Patch.PatchType.ApplyPatch);

        var applied = await sandbox.Client().CoreV1.PatchNamespacedConfigMapAsync(body, "applied", ns, fieldManager: "test", force: true);

        applied.Data["a"].ShouldBe("b");
    }

    [Fact]
    public async Task Delete_WithFinalizer_MarksThenRemovesWhenFinalizerIsPatchedAway()
    {
        var ns = await sandbox.NewNamespaceAsync();
        var client = sandbox.Client();
        var body = ConfigMap("held");
        body.Metadata.Finalizers = ["example.com/hold"];
        await client.CoreV1.CreateNamespacedConfigMapAsync(body, ns);

        await client.CoreV1.DeleteNamespacedConfigMapAsync("held", ns);
        (await client.CoreV1.ReadNamespacedConfigMapAsync("held", ns)).Metadata.DeletionTimestamp.ShouldNotBeNull();
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), "held", ns);

        (await ErrorStatusAsync(() => client.CoreV1.ReadNamespacedConfigMapAsync("held", ns))).Code.ShouldBe(404);
    }

    [Fact]
    public async Task DeleteNamespace_WithObjects_RemovesThemToo()
    {
        var ns = await sandbox.NewNamespaceAsync();
        var client = sandbox.Client();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("inside"), ns);

        await client.CoreV1.DeleteNamespaceAsync(ns);

        (await ErrorStatusAsync(() => client.CoreV1.ReadNamespaceAsync(ns))).Code.ShouldBe(404);
        (await client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: $"metadata.namespace={ns}")).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteCollection_LabelSelector_DeletesOnlyMatches()
    {
        var ns = await sandbox.NewNamespaceAsync();
        var client = sandbox.Client();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", new() { ["drop"] = "yes" }), ns);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", new() { ["drop"] = "no" }), ns);

        await client.CoreV1.DeleteCollectionNamespacedConfigMapAsync(ns, labelSelector: "drop=yes");

        (await client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.Select(c => c.Metadata.Name).ShouldBe(["b"]);
    }

    [Fact]
    public async Task Update_SpecChange_BumpsGenerationButLabelChangeDoesNot()
    {
        var ns = await sandbox.NewNamespaceAsync();
        var client = sandbox.Client();
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx" }] } },
            },
        };
        (await client.AppsV1.CreateNamespacedDeploymentAsync(deployment, ns)).Metadata.Generation.ShouldBe(1);

        var labelled = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"metadata\":{\"labels\":{\"x\":\"y\"}}}", V1Patch.PatchType.MergePatch), "web", ns);
        var scaled = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"spec\":{\"replicas\":3}}", V1Patch.PatchType.MergePatch), "web", ns);

        labelled.Metadata.Generation.ShouldBe(1);
        scaled.Metadata.Generation.ShouldBe(2);
        long.Parse(scaled.Metadata.ResourceVersion).ShouldBeGreaterThan(long.Parse(labelled.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task AnyRequest_WrongToken_Returns401Unauthorized()
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.Server.KubeconfigPath);
        config.AccessToken = "wrong";
        using var client = new Kubernetes(config);

        var error = await Should.ThrowAsync<HttpOperationException>(() => client.CoreV1.ListNamespaceAsync());

        error.Response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        JsonDocument.Parse(error.Response.Content).RootElement.GetProperty("reason").GetString().ShouldBe("Unauthorized");
    }

    [Fact]
    public async Task Clusters_SameName_AreIndependent()
    {
        var ns = await sandbox.NewNamespaceAsync();

        (await ErrorStatusAsync(() => sandbox.Client("sandbox-dr").CoreV1.ReadNamespaceAsync(ns))).Code.ShouldBe(404);
        sandbox.Server["sandbox-dr"].Token.ShouldNotBe(sandbox.Cluster.Token);
    }

    internal static async Task<V1Status> ErrorStatusAsync(Func<Task> call)
    {
        var error = await Should.ThrowAsync<HttpOperationException>(call().DefaultTimeout());
        return KubernetesJson.Deserialize<V1Status>(error.Response.Content);
    }
}
