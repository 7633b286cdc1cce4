using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Inventory;
using DataProtection.Core.Kubernetes;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Clusters;

namespace DataProtection.Tests.Integration.Inventory;

/// <summary>The inventory against the sandbox: every list it sends must be paginated and metadata-only.</summary>
public sealed class SandboxInventoryTests(SandboxClusterFixture sandbox) : IClassFixture<SandboxClusterFixture>
{
    private static readonly Actor Viewer = new("vic", Roles.Viewer, AuditSource.UI);
    private static readonly string[] SeededNamespaces = ["shop", "payments", "monitoring", "dev-alice", "dev-bob"];

    private InventoryService Inventory => sandbox.App.Service<InventoryService>();

    private async Task<List<InventoryObject>> ListAllAsync(InventoryQuery query, int limit)
    {
        var all = new List<InventoryObject>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Inventory.ListObjectsAsync(Viewer, "sandbox", query, limit, token, CancellationToken.None).DefaultTimeout();
            page.Items.Count.ShouldBeLessThanOrEqualTo(limit);
            all.AddRange(page.Items);
            token = page.Continue;
            (++pages).ShouldBeLessThan(500, "paging must end");
        }
        while (token is not null);
        return all;
    }

    [Fact]
    public async Task GetInventorySummaryAsync_CountsNamespacesKindsAndLabels()
    {
        var summary = await Inventory.GetInventorySummaryAsync(Viewer, "sandbox", CancellationToken.None).DefaultTimeout();

        SeededNamespaces.ShouldBeSubsetOf(summary.Namespaces.Select(n => n.Name));
        summary.Namespaces.Where(n => SeededNamespaces.Contains(n.Name)).ShouldAllBe(n => n.ObjectCount > 0);
        new[] { "pods", "configmaps", "secrets", "apps/deployments", "apps/statefulsets" }.ShouldBeSubsetOf(summary.Kinds.Select(k => k.Key));
        summary.Kinds.ShouldContain(k => k.Key == "namespaces" && !k.Namespaced);
        summary.Labels.First(l => l.Key == "team").Values.Select(v => v.Value).ShouldBe(["payments", "platform", "shop"], ignoreOrder: true);
        summary.Labels.First(l => l.Key == "app").Values.ShouldContain(v => v.Value == "storefront" && v.Count > 0);
    }

    [Fact]
    public async Task ListObjectsAsync_OneNamespaceInPagesOfThree_MatchesItsCountWithoutDuplicates()
    {
        var summary = await Inventory.GetInventorySummaryAsync(Viewer, "sandbox", CancellationToken.None).DefaultTimeout();

        var shop = await ListAllAsync(new InventoryQuery(Namespace: "shop"), 3);

        shop.Count.ShouldBe(summary.Namespaces.Single(n => n.Name == "shop").ObjectCount);
        shop.Select(o => (o.Resource, o.Namespace, o.Name)).Distinct().Count().ShouldBe(shop.Count);
        shop.ShouldAllBe(o => o.Namespace == "shop");
    }

    [Fact]
    public async Task ListObjectsAsync_SetBasedSelector_ServerFiltersAndPagesAgreeWithOnePage()
    {
        const string selector = "team=payments, tier in (db,backend), !missing";
        var parsed = LabelSelector.Parse(selector);

        var paged = await ListAllAsync(new InventoryQuery(selector), 2);
        var single = await ListAllAsync(new InventoryQuery(selector), 500);

        paged.Count.ShouldBeGreaterThan(0);
        paged.ShouldAllBe(o => parsed.Matches(o.Labels));
        paged.Select(o => $"{o.Resource}/{o.Namespace}/{o.Name}").ShouldBe(single.Select(o => $"{o.Resource}/{o.Namespace}/{o.Name}"));
        paged.ShouldContain(o => o.Kind == "StatefulSet" && o.Name == "mysql" && o.Namespace == "payments");
        paged.ShouldContain(o => o.Kind == "Deployment" && o.Name == "ledger" && o.Namespace == "dev-bob");
        paged.ShouldNotContain(o => o.Labels["team"] != "payments");
    }

    [Fact]
    public async Task Inventory_EveryListIsPaginatedAndMetadataOnly()
    {
        sandbox.Cluster.Requests.Reset();

        await Inventory.GetInventorySummaryAsync(Viewer, "sandbox", CancellationToken.None).DefaultTimeout();
        await ListAllAsync(new InventoryQuery("app"), 7);
        await ListAllAsync(new InventoryQuery(Namespace: "payments", Kind: "pods"), 2);
        await Inventory.ListKindsAsync(Viewer, "sandbox", CancellationToken.None).DefaultTimeout();

        var lists = sandbox.Cluster.Requests.Snapshot().Where(r => r.Verb == "list").ToList();
        lists.Count.ShouldBeGreaterThan(10);
        lists.ShouldAllBe(r => r.Paginated, "an unpaginated LIST was sent: " + string.Join(", ", lists.Where(r => !r.Paginated).Select(r => r.Path + "?" + r.Query)));
        lists.ShouldAllBe(r => r.Accept == KubeApi.MetadataListAccept, "a list asked for full objects: " + string.Join(", ", lists.Where(r => r.Accept != KubeApi.MetadataListAccept).Select(r => $"{r.Path} ({r.Accept})")));
        lists.ShouldContain(r => r.Query.Contains("labelSelector=app"), "the selector is evaluated by the server");
        lists.ShouldContain(r => r.Query.Contains("continue="), "later pages use continue tokens");
        sandbox.Cluster.Requests.Snapshot().ShouldAllBe(r => r.Status < 400);
    }

    [Fact]
    public async Task GetObjectYamlAsync_Secret_IsMaskedWithoutManagedFields()
    {
        var secret = (await ListAllAsync(new InventoryQuery(Namespace: "shop", Kind: "secrets"), 50)).First();

        var yaml = await Inventory.GetObjectYamlAsync(Viewer, "sandbox", secret.Resource, secret.Namespace, secret.Name, CancellationToken.None).DefaultTimeout();

        yaml.ShouldContain($"name: {secret.Name}");
        yaml.ShouldContain("kind: Secret");
        yaml.ShouldNotContain("managedFields");
        yaml.ShouldContain("'***'");
    }

    [Fact]
    public async Task GetObjectYamlAsync_Missing_IsNotFound() =>
        await Should.ThrowAsync<NotFoundException>(() => Inventory.GetObjectYamlAsync(Viewer, "sandbox", "pods", "shop", "nope", CancellationToken.None)).DefaultTimeout();

    [Fact]
    public async Task Api_InventoryPages_FollowContinueTokens()
    {
        var client = sandbox.App.CreateBrowserClient();
        client.WithBearer(await client.GetSessionTokenAsync("admin", AppFactory.AdminPassword));

        var first = await client.GetFromJsonAsync<JsonElement>("/api/v1/clusters/sandbox/inventory?selector=app%3Dstorefront&limit=2");
        var next = first.GetProperty("continue").GetString().ShouldNotBeNull();
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/v1/clusters/sandbox/inventory?selector=app%3Dstorefront&limit=2&continue={Uri.EscapeDataString(next)}");

        first.GetProperty("items").GetArrayLength().ShouldBe(2);
        second.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0);
        second.GetProperty("items")[0].GetProperty("name").GetString().ShouldNotBe(first.GetProperty("items")[0].GetProperty("name").GetString());
        (await client.GetAsync("/api/v1/clusters/sandbox/namespaces")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/clusters/sandbox/inventory/labels")).EnumerateArray().ShouldContain(l => l.GetProperty("key").GetString() == "tier");
    }
}
