using DataProtection.Core.Restores;
using Shouldly;

namespace DataProtection.Tests.Core.Restores;

public sealed class RestoreFilterPlannerTests
{
    private static ContentsItem Item(string resource, string? ns, string name, string labels = "") =>
        new(resource, "v1", resource, ns, name, labels.Length == 0
            ? new Dictionary<string, string>()
            : labels.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]));

    private static readonly ContentsItem[] Backup =
    [
        Item("namespaces", null, "shop"),
        Item("configmaps", "shop", "web-config", "app=web"),
        Item("deployments.apps", "shop", "web", "app=web"),
        Item("configmaps", "shop", "db-config", "app=db"),
        Item("configmaps", "tools", "a", "app=web"),
        Item("secrets", "tools", "b"),
    ];

    [Fact]
    public void A_whole_namespace_is_a_namespace_filter()
    {
        var plan = RestoreFilterPlanner.Plan([Backup[4], Backup[5]], Backup).ShouldNotBeNull();

        plan.IncludedNamespaces.ShouldBe(["tools"]);
        plan.IncludedResources.ShouldBeEmpty();
        plan.LabelSelector.ShouldBeNull();
    }

    [Fact]
    public void One_kind_of_a_namespace_adds_the_resource()
    {
        var plan = RestoreFilterPlanner.Plan([Backup[1], Backup[3]], Backup).ShouldNotBeNull();

        plan.IncludedNamespaces.ShouldBe(["shop"]);
        plan.IncludedResources.ShouldBe(["configmaps"]);
        plan.LabelSelector.ShouldBeNull();
    }

    [Fact]
    public void Objects_sharing_labels_use_the_labels()
    {
        var plan = RestoreFilterPlanner.Plan([Backup[1], Backup[2]], Backup).ShouldNotBeNull();

        plan.IncludedNamespaces.ShouldBe(["shop"]);
        plan.LabelSelector.ShouldBe("app=web");
    }

    [Fact]
    public void No_exact_filter_means_item_by_item()
    {
        // The Deployment web and the ConfigMap db-config share no label, and namespace or kind filters would also take web-config.
        RestoreFilterPlanner.Plan([Backup[2], Backup[3]], Backup).ShouldBeNull();
    }

    [Fact]
    public void Cluster_scoped_items_need_cluster_resources_on()
    {
        var plan = RestoreFilterPlanner.Plan([Backup[0], Backup[1], Backup[2], Backup[3]], Backup).ShouldNotBeNull();

        plan.IncludeClusterResources.ShouldBeTrue();
        plan.IncludedNamespaces.ShouldBe(["shop"]);
    }

    [Fact]
    public void A_cluster_scoped_pick_alone_never_plans_every_namespace()
    {
        ContentsItem[] backup = [.. Backup, Item("clusterroles.rbac.authorization.k8s.io", null, "viewer")];

        // No included namespaces is Velero's "*": a namespaces-only filter would restore the whole backup.
        var plan = RestoreFilterPlanner.Plan([backup[^1]], backup).ShouldNotBeNull();

        plan.IncludedResources.ShouldBe(["clusterroles.rbac.authorization.k8s.io"]);
        plan.IncludeClusterResources.ShouldBeTrue();
        backup.Where(i => plan.Matches(i, null)).ShouldBe([backup[^1]]);
    }

    [Fact]
    public void Nothing_picked_is_no_plan() => RestoreFilterPlanner.Plan([], Backup).ShouldBeNull();
}
