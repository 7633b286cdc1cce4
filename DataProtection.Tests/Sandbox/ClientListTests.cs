using System.Text.Json;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox;

[Collection(SandboxCollection.Name)]
public sealed class ClientListTests(SandboxFixture sandbox)
{
    private async Task<string> NamespaceWithConfigMapsAsync(int count)
    {
        var ns = await sandbox.NewNamespaceAsync();
        for (var i = 0; i < count; i++)
            await sandbox.Client().CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = $"cm-{i:D2}", Labels = new Dictionary<string, string> { ["tier"] = i % 2 == 0 ? "db" : "web", ["n"] = i.ToString() } },
            }, ns);
        return ns;
    }

    [Fact]
    public async Task List_LabelSelectorSetBased_ReturnsOnlyMatches()
    {
        var ns = await NamespaceWithConfigMapsAsync(6);

        var list = await sandbox.Client().CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "tier in (db),n notin (0),n<5").DefaultTimeout();

        list.Items.Select(c => c.Metadata.Name).ShouldBe(["cm-02", "cm-04"]);
    }

    [Fact]
    public async Task List_InvalidLabelSelector_Returns400PointingAtTheError()
    {
        var status = await ClientCrudTests.ErrorStatusAsync(() => sandbox.Client().CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "tier in (db"));

        (status.Code, status.Reason).ShouldBe((400, "BadRequest"));
        status.Message.ShouldContain("unable to parse labelSelector \"tier in (db\": found '', expected: ',', ')' or identifier");
    }

    [Fact]
    public async Task List_FieldSelectorOnName_ReturnsThatObject()
    {
        var ns = await NamespaceWithConfigMapsAsync(3);

        var list = await sandbox.Client().CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: $"metadata.name=cm-01,metadata.namespace=={ns}");

        list.Items.Single().Metadata.NamespaceProperty.ShouldBe(ns);
    }

    [Fact]
    public async Task List_LimitAndContinue_PagesThroughEverythingAtOneVersion()
    {
        var ns = await NamespaceWithConfigMapsAsync(5);
        var client = sandbox.Client();
        var names = new List<string>();
        var versions = new HashSet<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: token);
            names.AddRange(page.Items.Select(i => i.Metadata.Name));
            versions.Add(page.Metadata.ResourceVersion);
            token = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        names.ShouldBe(["cm-00", "cm-01", "cm-02", "cm-03", "cm-04"]);
        pages.ShouldBe(3);
        versions.Count.ShouldBe(1);
    }

    [Fact]
    public async Task List_ContinueTokenFromCompactedHistory_Returns410Expired()
    {
        var ns = await NamespaceWithConfigMapsAsync(3);
        var first = await sandbox.Client().CoreV1.ListNamespacedConfigMapAsync(ns, limit: 1);
        await sandbox.Client().CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "later" } }, ns);
        sandbox.Cluster.CompactHistory();

        var status = await ClientCrudTests.ErrorStatusAsync(() =>
            sandbox.Client().CoreV1.ListNamespacedConfigMapAsync(ns, limit: 1, continueParameter: first.Metadata.ContinueProperty));

        (status.Code, status.Reason).ShouldBe((410, "Expired"));
    }

    [Fact]
    public async Task List_ContinueWithResourceVersion_Returns400()
    {
        var ns = await NamespaceWithConfigMapsAsync(2);
        var first = await sandbox.Client().CoreV1.ListNamespacedConfigMapAsync(ns, limit: 1);

        var status = await ClientCrudTests.ErrorStatusAsync(() => sandbox.Client().CoreV1.ListNamespacedConfigMapAsync(ns, limit: 1,
            continueParameter: first.Metadata.ContinueProperty, resourceVersion: first.Metadata.ResourceVersion));

        (status.Code, status.Message).ShouldBe((400, "specifying resource version is not allowed when using continue"));
    }

    [Fact]
    public async Task List_PartialObjectMetadataAccept_ReturnsMetadataOnly()
    {
        var ns = await NamespaceWithConfigMapsAsync(2);

        using var response = await sandbox.SendAsync(HttpMethod.Get, $"api/v1/namespaces/{ns}/configmaps", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        response.Content.Headers.ContentType!.ToString().ShouldContain("as=PartialObjectMetadataList");
        json.GetProperty("kind").GetString().ShouldBe("PartialObjectMetadataList");
        var item = json.GetProperty("items")[0];
        item.GetProperty("kind").GetString().ShouldBe("PartialObjectMetadata");
        item.GetProperty("metadata").GetProperty("labels").GetProperty("tier").GetString().ShouldBe("db");
        item.TryGetProperty("data", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task List_TypedClientWithMetadataAccept_DeserializesWithoutSpec()
    {
        var headers = new Dictionary<string, IReadOnlyList<string>> { ["Accept"] = ["application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"] };

        using var response = await sandbox.Client().CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(customHeaders: headers);

        response.Body.Items.ShouldNotBeEmpty();
        response.Body.Items.ShouldAllBe(p => p.Spec == null && p.Metadata.Name != null);
    }

    [Fact]
    public async Task List_ClusterWideDeployments_SpansNamespaces()
    {
        var list = await sandbox.Client().AppsV1.ListDeploymentForAllNamespacesAsync(labelSelector: "env=prod");

        list.Items.Select(d => d.Metadata.NamespaceProperty).Distinct().Count().ShouldBeGreaterThan(1);
        list.Items.ShouldAllBe(d => d.Metadata.Labels["env"] == "prod");
    }

    [Theory]
    [InlineData("", "PartialObjectMetadata")]
    [InlineData("&includeObject=Object", "ConfigMap")]
    [InlineData("&includeObject=None", null)]
    public async Task List_TableAccept_RowsCarryTheRequestedObject(string query, string? kind)
    {
        var ns = await NamespaceWithConfigMapsAsync(1);

        using var response = await sandbox.SendAsync(HttpMethod.Get, $"api/v1/namespaces/{ns}/configmaps?limit=500{query}", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        var table = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        table.GetProperty("kind").GetString().ShouldBe("Table");
        table.GetProperty("columnDefinitions").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ShouldBe(["Name", "Data", "Age"]);
        var row = table.GetProperty("rows").EnumerateArray().Single();
        row.GetProperty("cells")[0].GetString().ShouldBe("cm-00");
        (row.TryGetProperty("object", out var obj) ? obj.GetProperty("kind").GetString() : null).ShouldBe(kind);
    }
}
