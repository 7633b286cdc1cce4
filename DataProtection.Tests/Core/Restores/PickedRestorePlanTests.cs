using DataProtection.Core.Common;
using DataProtection.Core.Restores;
using Shouldly;

namespace DataProtection.Tests.Core.Restores;

/// <summary>The wizard's plan for picked objects: covered by a Velero filter or item by item, and named errors for bad picks.</summary>
public sealed class PickedRestorePlanTests
{
    private static readonly ContentsItem[] Backup =
    [
        Item("namespaces", null, "shop"),
        Item("configmaps", "shop", "web-1", "app=web"),
        Item("configmaps", "shop", "web-2", "app=web"),
        Item("configmaps", "shop", "db-1", "app=db"),
        Item("secrets", "shop", "token"),
        Item("events", "shop", "e-1"),
    ];

    [Fact]
    public void For_AllConfigMapsOfANamespace_CoveredByNamespaceAndResourceFilter()
    {
        var plan = PickedRestorePlan.For("b1", [Ref("web-1"), Ref("web-2"), Ref("db-1")], Backup);

        plan.ItemByItem.ShouldBeFalse();
        plan.Count.ShouldBe(3);
        plan.Filter!.IncludedNamespaces.ShouldBe(["shop"]);
        plan.Filter.IncludedResources.ShouldBe(["configmaps"]);
    }

    [Fact]
    public void For_OneOfTwoUnlabelledSiblings_RestoredItemByItem()
    {
        var plan = PickedRestorePlan.For("b1", [Ref("web-1"), Ref("db-1")], Backup);

        plan.ItemByItem.ShouldBeTrue();
        plan.Apply(new RestoreRequest { BackupName = "b1", Items = [Ref("web-1"), Ref("db-1")] }).Items.Count.ShouldBe(2);
    }

    [Fact]
    public void Apply_CoveredPick_ReplacesItemsWithTheFilterAndKeepsTheRest()
    {
        var picked = new[] { Ref("web-1"), Ref("web-2") };
        var request = new RestoreRequest { BackupName = "b1", Items = picked, NamespaceMapping = new Dictionary<string, string> { ["shop"] = "shop-2" } };

        var applied = PickedRestorePlan.For("b1", picked, Backup).Apply(request);

        applied.Items.ShouldBeEmpty();
        applied.IncludedNamespaces.ShouldBe(["shop"]);
        applied.LabelSelector.ShouldBe("app=web");
        applied.IncludeClusterResources.ShouldBe(false);
        applied.NamespaceMapping["shop"].ShouldBe("shop-2");
        Should.NotThrow(applied.Validate);
    }

    [Fact]
    public void For_ObjectNotInBackup_ThrowsNamingTheItem()
    {
        var ex = Should.Throw<ValidationException>(() => PickedRestorePlan.For("b1", [Ref("web-1"), Ref("gone")], Backup));

        ex.Field.ShouldBe("items");
        ex.Message.ShouldBe("items[1]: backup b1 holds no configmaps shop/gone.");
    }

    [Fact]
    public void For_NonRestorableKind_Throws()
    {
        var ex = Should.Throw<ValidationException>(() => PickedRestorePlan.For("b1", [new RestoreItemRef("events", "shop", "e-1")], Backup));

        ex.Message.ShouldBe("items[0]: Velero never restores events.");
    }

    [Fact]
    public void For_NothingPicked_Throws()
    {
        Should.Throw<ValidationException>(() => PickedRestorePlan.For("b1", [], Backup)).Field.ShouldBe("items");
    }

    private static RestoreItemRef Ref(string name) => new("configmaps", "shop", name);

    private static ContentsItem Item(string resource, string? ns, string name, string labels = "") =>
        new(resource, "v1", resource, ns, name, labels.Length == 0
            ? new Dictionary<string, string>()
            : labels.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]));
}
