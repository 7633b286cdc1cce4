using DataProtection.Core.Restores;
using DataProtection.Web.Features.Restores;

namespace DataProtection.Tests.Core.Restores;

/// <summary>How the restores list applies one watched change: in place, on top, or out.</summary>
public sealed class RestoreChangesTests
{
    private static RestoreSummary Restore(string cluster, string name, string phase, int? done = null) =>
        new(cluster, name, phase, "b", null, "all", null, null, null, null, done, 10, 0, 0, null, []);

    private static readonly IReadOnlyList<RestoreSummary> List = [Restore("a", "r2", "New"), Restore("a", "r1", "Completed"), Restore("b", "r2", "New")];

    [Fact]
    public void Apply_KnownRestore_ReplacesItsRowOnly()
    {
        var applied = RestoresPage.Apply(List, new RestoreChange("b", "r2", Restore("b", "r2", "InProgress", 4)));

        applied.Select(r => (r.Cluster, r.Name, r.Phase, r.ItemsRestored)).ShouldBe([("a", "r2", "New", null), ("a", "r1", "Completed", null), ("b", "r2", "InProgress", 4)]);
    }

    [Fact]
    public void Apply_NewRestore_GoesOnTop()
    {
        var applied = RestoresPage.Apply(List, new RestoreChange("a", "r3", Restore("a", "r3", "New")));

        applied.Select(r => r.Name).ShouldBe(["r3", "r2", "r1", "r2"]);
    }

    [Fact]
    public void Apply_Deleted_RemovesTheRow_AndAnUnknownDeletionChangesNothing()
    {
        RestoresPage.Apply(List, new RestoreChange("a", "r1", null)).Select(r => (r.Cluster, r.Name)).ShouldBe([("a", "r2"), ("b", "r2")]);
        RestoresPage.Apply(List, new RestoreChange("c", "r1", null)).ShouldBeSameAs(List);
    }
}
