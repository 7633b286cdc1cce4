using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Inventory;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Clusters;

namespace DataProtection.Tests.Integration.Backups;

/// <summary>The live count against the sandbox's seeded namespaces, checked against the inventory's own per-namespace counts and lists.</summary>
public sealed class ScopePreviewServiceTests(SandboxClusterFixture sandbox) : IClassFixture<SandboxClusterFixture>
{
    private static readonly Actor Viewer = new("vic", Roles.Viewer, AuditSource.UI);

    private ScopePreviewService Previews => sandbox.App.Service<ScopePreviewService>();

    private InventoryService Inventory => sandbox.App.Service<InventoryService>();

    private Task<ScopePreview> PreviewAsync(BackupTemplate template, int sample = ScopePreviewService.DefaultSampleSize) =>
        Previews.PreviewAsync(Viewer, "sandbox", template, sample, CancellationToken.None).DefaultTimeout();

    private async Task<Dictionary<string, int>> NamespaceCountsAsync() =>
        (await Inventory.ListNamespacesAsync(Viewer, "sandbox", CancellationToken.None).DefaultTimeout()).ToDictionary(n => n.Name, n => n.ObjectCount);

    private async Task<List<InventoryObject>> ListAsync(string selector)
    {
        var all = new List<InventoryObject>();
        string? token = null;
        do
        {
            var page = await Inventory.ListObjectsAsync(Viewer, "sandbox", new InventoryQuery(selector), 500, token, CancellationToken.None).DefaultTimeout();
            all.AddRange(page.Items);
            token = page.Continue;
        }
        while (token is not null);
        return all;
    }

    [Fact]
    public async Task PreviewAsync_NamespacePattern_CountsExactlyTheMatchingNamespaces()
    {
        var counts = await NamespaceCountsAsync();

        var preview = await PreviewAsync(new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = ["dev-*"] });

        preview.Count.ShouldBe(counts["dev-alice"] + counts["dev-bob"]);
        preview.Sample.Count.ShouldBe(Math.Min(preview.Count, ScopePreviewService.DefaultSampleSize));
        preview.Sample.ShouldAllBe(o => o.Namespace == "dev-alice" || o.Namespace == "dev-bob");
        preview.PerKind.Sum(k => k.Count).ShouldBe(preview.Count);
    }

    [Fact]
    public async Task PreviewAsync_AllButExcluded_IsTheRestOfTheCluster()
    {
        var counts = await NamespaceCountsAsync();

        var preview = await PreviewAsync(new BackupTemplate { ExcludedNamespaces = ["dev-*", "shop"] });

        preview.Count.ShouldBe(counts.Where(c => c.Key is not ("dev-alice" or "dev-bob" or "shop")).Sum(c => c.Value));
        preview.ClusterScopedNote.ShouldContain("cluster-scoped resources these objects need");
    }

    [Fact]
    public async Task PreviewAsync_OrSelectors_AreTheUnionOfEachSelector()
    {
        var payments = await ListAsync("team=payments");
        var storefront = await ListAsync("app=storefront");
        var union = payments.Concat(storefront).Select(o => $"{o.Resource}/{o.Namespace}/{o.Name}").Distinct().Count();

        var preview = await PreviewAsync(new BackupTemplate { OrLabelSelectors = ["team=payments", "app=storefront"] }, 1000);

        payments.Count.ShouldBeGreaterThan(0);
        storefront.Count.ShouldBeGreaterThan(0);
        preview.Count.ShouldBe(union);
        preview.Sample.Select(o => $"{o.Resource}/{o.Namespace}/{o.Name}").ShouldBe(
            payments.Concat(storefront).Select(o => $"{o.Resource}/{o.Namespace}/{o.Name}").Distinct(), ignoreOrder: true);
    }

    [Fact]
    public async Task PreviewAsync_SelectedNamespaceAndKinds_CountsOnlyThoseKinds()
    {
        var preview = await PreviewAsync(new BackupTemplate
        {
            Namespaces = NamespaceScope.Selected, IncludedNamespaces = ["shop", "payments"], IncludedResources = ["deployments", "statefulsets.apps"],
        }, 1000);

        preview.Count.ShouldBeGreaterThan(0);
        preview.Sample.ShouldAllBe(o => (o.Kind == "Deployment" || o.Kind == "StatefulSet") && (o.Namespace == "shop" || o.Namespace == "payments"));
        preview.Sample.ShouldContain(o => o.Kind == "StatefulSet" && o.Name == "mysql");
        preview.PerKind.Select(k => k.Kind).ShouldBe(["Deployment", "StatefulSet"], ignoreOrder: true);
    }

    [Fact]
    public async Task PreviewAsync_BadSelector_ThrowsNamingTheField()
    {
        var ex = await Should.ThrowAsync<ValidationException>(() => PreviewAsync(new BackupTemplate { LabelSelector = "app in (web" }));

        ex.Field.ShouldBe("labelSelector");
    }

    [Fact]
    public void ClusterScopedNote_WholeClusterAuto_SaysVeleroTakesThemAll() =>
        ScopePreviewService.ClusterScopedNote(new BackupTemplate()).ShouldContain("every cluster-scoped resource");
}
