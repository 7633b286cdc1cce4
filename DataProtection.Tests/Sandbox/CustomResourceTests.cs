using System.Text.Json;
using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox;

[Collection(SandboxCollection.Name)]
public sealed class CustomResourceTests(SandboxFixture sandbox)
{
    private const string VeleroCrds = "/work/shared/velero/crds/v1";

    private static string WidgetCrd(string group) => """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.GROUP"},
         "spec":{"group":"GROUP","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"]},
          "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
            "schema":{"openAPIV3Schema":{"type":"object","properties":{
              "spec":{"type":"object","required":["size"],"properties":{
                "size":{"type":"integer","minimum":1,"maximum":10},
                "color":{"type":"string","enum":["red","blue"]},
                "when":{"type":"string","format":"date-time"},
                "tags":{"type":"array","maxItems":2,"items":{"type":"string","pattern":"^[a-z]+$"}},
                "extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
              "status":{"type":"object","properties":{"phase":{"type":"string"}}}}}}}]}}
        """.Replace("GROUP", group);

    private async Task<string> InstallWidgetsAsync()
    {
        var group = $"g{Guid.NewGuid().ToString("N")[..6]}.example.com";
        var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(WidgetCrd(group));
        await sandbox.Client().ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd).DefaultTimeout();
        return group;
    }

    private static JsonObject Widget(string group, string name, string spec) =>
        JsonNode.Parse($$"""{"apiVersion":"{{group}}/v1","kind":"Widget","metadata":{"name":"{{name}}"},"spec":{{spec}}}""")!.AsObject();

    [Fact]
    public async Task CreateCrd_VeleroBackups_ServesBackupsWithSchemaValidation()
    {
        var client = sandbox.Client();
        var crd = await KubernetesYaml.LoadFromFileAsync<V1CustomResourceDefinition>(Path.Combine(VeleroCrds, "velero.io_backups.yaml"));
        if ((await client.ApiextensionsV1.ListCustomResourceDefinitionAsync(fieldSelector: "metadata.name=backups.velero.io")).Items.Count == 0)
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        var ns = await sandbox.NewNamespaceAsync("velero");
        var backup = JsonNode.Parse("""{"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"b1"},"spec":{"includedNamespaces":"shop","ttl":5}}""");

        var status = await ClientCrudTests.ErrorStatusAsync(() => client.CustomObjects.CreateNamespacedCustomObjectAsync(backup, "velero.io", "v1", ns, "backups"));

        (status.Code, status.Reason).ShouldBe((422, "Invalid"));
        status.Message.ShouldStartWith("Backup.velero.io \"b1\" is invalid: [spec.includedNamespaces: Invalid value: \"shop\": spec.includedNamespaces in body must be of type array");
        status.Details.Causes.Select(c => c.Field).ShouldBe(["spec.includedNamespaces", "spec.ttl"], ignoreOrder: true);
    }

    [Fact]
    public async Task CreateCustomObject_Valid_PrunesUnknownFieldsButKeepsPreserved()
    {
        var group = await InstallWidgetsAsync();
        var ns = await sandbox.NewNamespaceAsync();

        var created = (JsonElement)await sandbox.Client().CustomObjects.CreateNamespacedCustomObjectAsync(
            Widget(group, "w1", """{"size":3,"color":"red","when":"2026-01-01T00:00:00Z","bogus":1,"extra":{"anything":{"goes":true}}}"""), group, "v1", ns, "widgets");

        var spec = created.GetProperty("spec");
        spec.GetProperty("size").GetInt32().ShouldBe(3);
        spec.TryGetProperty("bogus", out _).ShouldBeFalse();
        spec.GetProperty("extra").GetProperty("anything").GetProperty("goes").GetBoolean().ShouldBeTrue();
        created.GetProperty("apiVersion").GetString().ShouldBe($"{group}/v1");
    }

    [Theory]
    [InlineData("""{"color":"red"}""", "spec.size", "Required value")]
    [InlineData("""{"size":11}""", "spec.size", "should be less than or equal to 10")]
    [InlineData("""{"size":1,"color":"green"}""", "spec.color", "Unsupported value: \"green\": supported values: \"red\", \"blue\"")]
    [InlineData("""{"size":1,"when":"yesterday"}""", "spec.when", "must be of type date-time")]
    [InlineData("""{"size":1,"tags":["a","b","c"]}""", "spec.tags", "Too many: 3: must have at most 2 items")]
    [InlineData("""{"size":1,"tags":["A"]}""", "spec.tags[0]", "should match '^[a-z]+$'")]
    public async Task CreateCustomObject_Invalid_Returns422NamingTheField(string spec, string field, string message)
    {
        var group = await InstallWidgetsAsync();
        var ns = await sandbox.NewNamespaceAsync();

        var status = await ClientCrudTests.ErrorStatusAsync(() =>
            sandbox.Client().CustomObjects.CreateNamespacedCustomObjectAsync(Widget(group, "bad", spec), group, "v1", ns, "widgets"));

        status.Code.ShouldBe(422);
        status.Message.ShouldStartWith($"Widget.{group} \"bad\" is invalid: {field}: ");
        status.Details.Causes.Single().Field.ShouldBe(field);
        status.Details.Causes.Single().Message.ShouldContain(message);
    }

    [Fact]
    public async Task StatusSubresource_MainWritesIgnoreStatusAndStatusWritesOnlyStatus()
    {
        var group = await InstallWidgetsAsync();
        var ns = await sandbox.NewNamespaceAsync();
        var objects = sandbox.Client().CustomObjects;
        var withStatus = Widget(group, "w", """{"size":1}""");
        withStatus["status"] = new JsonObject { ["phase"] = "Ignored" };
        await objects.CreateNamespacedCustomObjectAsync(withStatus, group, "v1", ns, "widgets");

        var patch = new V1Patch("""{"spec":{"size":2},"status":{"phase":"Ready"}}""", V1Patch.PatchType.MergePatch);
        var afterStatusPatch = (JsonElement)await objects.PatchNamespacedCustomObjectStatusAsync(patch, group, "v1", ns, "widgets", "w");
        var afterMainPatch = (JsonElement)await objects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"status":{"phase":"Lost"}}""", V1Patch.PatchType.MergePatch), group, "v1", ns, "widgets", "w");

        afterStatusPatch.GetProperty("status").GetProperty("phase").GetString().ShouldBe("Ready");
        afterStatusPatch.GetProperty("spec").GetProperty("size").GetInt32().ShouldBe(1);
        afterMainPatch.GetProperty("status").GetProperty("phase").GetString().ShouldBe("Ready");
    }

    [Fact]
    public async Task PatchCustomObject_StrategicMerge_Returns415()
    {
        var group = await InstallWidgetsAsync();
        var ns = await sandbox.NewNamespaceAsync();
        await sandbox.Client().CustomObjects.CreateNamespacedCustomObjectAsync(Widget(group, "w", """{"size":1}"""), group, "v1", ns, "widgets");

        var status = await ClientCrudTests.ErrorStatusAsync(() => sandbox.Client().CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"size":2}}""", V1Patch.PatchType.StrategicMergePatch), group, "v1", ns, "widgets", "w"));

        (status.Code, status.Reason).ShouldBe((415, "UnsupportedMediaType"));
    }

    [Fact]
    public async Task DeleteCrd_StopsServingItsResources()
    {
        var group = await InstallWidgetsAsync();
        var ns = await sandbox.NewNamespaceAsync();
        var objects = sandbox.Client().CustomObjects;
        await objects.CreateNamespacedCustomObjectAsync(Widget(group, "w", """{"size":1}"""), group, "v1", ns, "widgets");

        await sandbox.Client().ApiextensionsV1.DeleteCustomResourceDefinitionAsync($"widgets.{group}");

        var status = await ClientCrudTests.ErrorStatusAsync(() => objects.ListNamespacedCustomObjectAsync(group, "v1", ns, "widgets"));
        status.Code.ShouldBe(404);
    }

    [Fact]
    public async Task CreateCrd_Established_ShowsInDiscovery()
    {
        var group = await InstallWidgetsAsync();

        var crd = await sandbox.Client().ApiextensionsV1.ReadCustomResourceDefinitionAsync($"widgets.{group}");
        var resources = await sandbox.Client().Apis.GetAPIVersionsAsync();

        crd.Status.Conditions.ShouldContain(c => c.Type == "Established" && c.Status == "True");
        resources.Groups.ShouldContain(g => g.Name == group);
    }

    [Fact]
    public async Task ClusterScopedCrd_TwoServedVersions_ServesBothWithoutNamespace()
    {
        var group = $"c{Guid.NewGuid().ToString("N")[..6]}.example.com";
        var version = """{"name":"VERSION","served":true,"storage":STORAGE,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}""";
        var versions = version.Replace("VERSION", "v1").Replace("STORAGE", "true") + "," + version.Replace("VERSION", "v1beta1").Replace("STORAGE", "false");
        var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>("""
            {"metadata":{"name":"gadgets.GROUP"},"spec":{"group":"GROUP","scope":"Cluster",
             "names":{"plural":"gadgets","kind":"Gadget"},"versions":[VERSIONS]}}
            """.Replace("GROUP", group).Replace("VERSIONS", versions));
        await sandbox.Client().ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        var objects = sandbox.Client().CustomObjects;

        await objects.CreateClusterCustomObjectAsync(JsonNode.Parse("""{"kind":"Gadget","metadata":{"name":"g1"},"anything":{"kept":1}}"""), group, "v1", "gadgets");
        var viaBeta = (JsonElement)await objects.GetClusterCustomObjectAsync(group, "v1beta1", "gadgets", "g1");

        viaBeta.GetProperty("anything").GetProperty("kept").GetInt32().ShouldBe(1);
        viaBeta.GetProperty("metadata").TryGetProperty("namespace", out _).ShouldBeFalse();
    }
}
