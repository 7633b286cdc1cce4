using DataProtection.Core.Backups;
using DataProtection.Core.Inventory;

namespace DataProtection.Tests.Core.Backups;

public sealed class VeleroScopeFilterTests
{
    private static InventoryObject Obj(string ns, string resource, string kind, params (string Key, string Value)[] labels) =>
        new(kind, "v1", resource, ns, "x", labels.ToDictionary(l => l.Key, l => l.Value), null);

    [Theory]
    [InlineData("dev-*", "dev-alice", true)]
    [InlineData("dev-*", "shop", false)]
    [InlineData("dev-?ob", "dev-bob", true)]
    [InlineData("dev-[ab]*", "dev-bob", true)]
    [InlineData("dev-[!ab]*", "dev-bob", false)]
    [InlineData("shop", "shop-2", false)]
    public void Matches_NamespaceGlob_FollowsVeleroPatterns(string pattern, string ns, bool expected)
    {
        var filter = new VeleroScopeFilter(new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = [pattern] });

        filter.Matches(Obj(ns, "pods", "Pod")).ShouldBe(expected);
    }

    [Fact]
    public void Matches_ExcludedWinsOverIncluded()
    {
        var filter = new VeleroScopeFilter(new BackupTemplate { ExcludedNamespaces = ["dev-*"] });

        filter.Matches(Obj("dev-alice", "pods", "Pod")).ShouldBeFalse();
        filter.Matches(Obj("shop", "pods", "Pod")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("deployments", true)]
    [InlineData("deployments.apps", true)]
    [InlineData("Deployment", true)]
    [InlineData("statefulsets", false)]
    [InlineData("*", true)]
    public void Matches_IncludedResources_ByPluralGroupOrKind(string filter, bool expected) =>
        new VeleroScopeFilter(new BackupTemplate { IncludedResources = [filter] })
            .Matches(Obj("shop", "apps/deployments", "Deployment")).ShouldBe(expected);

    [Fact]
    public void Matches_OrSelectors_AnyOneMatches()
    {
        var filter = new VeleroScopeFilter(new BackupTemplate { OrLabelSelectors = ["app=web", "tier in (db)"] });

        filter.Matches(Obj("shop", "pods", "Pod", ("app", "web"))).ShouldBeTrue();
        filter.Matches(Obj("shop", "pods", "Pod", ("tier", "db"))).ShouldBeTrue();
        filter.Matches(Obj("shop", "pods", "Pod", ("tier", "cache"))).ShouldBeFalse();
    }

    [Fact]
    public void PlainNamespaces_PatternPresent_IsNull()
    {
        VeleroScopeFilter.PlainNamespaces(new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = ["shop", "dev-*"] }).ShouldBeNull();
        VeleroScopeFilter.PlainNamespaces(new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = ["shop", "payments"] })
            .ShouldBe(["shop", "payments"]);
    }
}
