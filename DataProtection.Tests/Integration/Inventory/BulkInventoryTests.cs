using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Inventory;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Clusters;

namespace DataProtection.Tests.Integration.Inventory;

/// <summary>More objects per kind than one page holds: counts and selector pages must still agree, one page at a time.</summary>
public sealed class BulkInventoryTests(SandboxClusterFixture sandbox) : IClassFixture<SandboxClusterFixture>
{
    private static readonly Actor Viewer = new("vic", Roles.Viewer, AuditSource.API);

    [Fact]
    public async Task Inventory_ThousandsOfObjects_CountsMatchPagedListsAndNoPageExceedsItsLimit()
    {
        sandbox.Cluster.SeedBulk(namespaces: 2, objectsPerNamespace: 1300, seed: 7);
        sandbox.Cluster.Requests.Reset();
        var inventory = sandbox.App.Service<InventoryService>();

        var summary = await inventory.GetInventorySummaryAsync(Viewer, "sandbox", CancellationToken.None).DefaultTimeout(60);
        var bulk = summary.Namespaces.Where(n => n.Name.StartsWith("bulk-7-")).ToList();
        var dataTeam = summary.Labels.Single(l => l.Key == "team").Values.Single(v => v.Value == "data").Count;
        var listed = new List<InventoryObject>();
        string? token = null;
        do
        {
            var page = await inventory.ListObjectsAsync(Viewer, "sandbox", new InventoryQuery("team=data"), 250, token, CancellationToken.None).DefaultTimeout();
            page.Items.Count.ShouldBeLessThanOrEqualTo(250);
            listed.AddRange(page.Items);
            token = page.Continue;
        }
        while (token is not null);

        bulk.Count.ShouldBe(2);
        bulk.ShouldAllBe(n => n.ObjectCount == 1300);
        listed.Count.ShouldBe(dataTeam);
        listed.Select(o => (o.Resource, o.Namespace, o.Name)).Distinct().Count().ShouldBe(listed.Count);
        var lists = sandbox.Cluster.Requests.Snapshot().Where(r => r.Verb == "list").ToList();
        lists.ShouldAllBe(r => r.Paginated);
        lists.ShouldContain(r => r.Path.EndsWith("/configmaps") && r.Query.Contains("continue="), "the scan pages within one kind");
        lists.Max(r => r.ResponseBytes).ShouldBeLessThan(1_000_000);
    }
}
