using DataProtection.Core.Restores;
using DataProtection.Web.Features.Restores.Wizard;

namespace DataProtection.Tests.Web.Restores;

/// <summary>The wizard's state turned into a RestoreRequest, and its errors placed on the field (or mapping row) that caused them.</summary>
public sealed class RestoreWizardModelTests
{
    [Fact]
    public void TryRequest_PickedIntoAnotherCluster_SetsSourceClusterAndItems()
    {
        var model = new RestoreWizardModel { SourceCluster = "prod", Backup = "b1", TargetCluster = "dr", Scope = RestoreScope.Picked };
        model.Picked.Add(new RestoreItemRef("configmaps", "shop", "web-1"));

        var request = model.TryRequest().ShouldNotBeNull();

        request.SourceCluster.ShouldBe("prod");
        request.BackupName.ShouldBe("b1");
        request.Items.ShouldBe([new RestoreItemRef("configmaps", "shop", "web-1")]);
        model.Target.ShouldBe("dr");
    }

    [Fact]
    public void TryRequest_SameCluster_LeavesSourceClusterEmpty()
    {
        var model = new RestoreWizardModel { SourceCluster = "prod", Backup = "b1", TargetCluster = "prod" };

        model.TryRequest().ShouldNotBeNull().SourceCluster.ShouldBeNull();
    }

    [Fact]
    public void TryRequest_FilteredScope_CarriesFiltersButIgnoresPickedObjects()
    {
        var model = new RestoreWizardModel { SourceCluster = "prod", Backup = "b1", Scope = RestoreScope.Filtered, Namespaces = ["shop"],
            SelectorMode = DataProtection.Web.Features.Backups.Wizard.SelectorMode.One, Selector = " app=web ", IncludedKinds = ["configmaps"] };
        model.Picked.Add(new RestoreItemRef("configmaps", "shop", "web-1"));

        var request = model.TryRequest().ShouldNotBeNull();

        request.IncludedNamespaces.ShouldBe(["shop"]);
        request.LabelSelector.ShouldBe("app=web");
        request.IncludedResources.ShouldBe(["configmaps"]);
        request.Items.ShouldBeEmpty();
    }

    [Fact]
    public void TryRequest_PickedScopeWithNothingPicked_ErrorOnItems()
    {
        var model = new RestoreWizardModel { SourceCluster = "prod", Backup = "b1", Scope = RestoreScope.Picked };

        model.TryRequest().ShouldBeNull();

        model.Error("items").ShouldBe("items: pick at least one object in the tree.");
    }

    [Fact]
    public void TryRequest_BadMappingTarget_ErrorLandsOnThatRowOnly()
    {
        var model = new RestoreWizardModel { SourceCluster = "prod", Backup = "b1" };
        var good = new MappingRow { Source = "tools", Target = "tools-2" };
        var bad = new MappingRow { Source = "shop", Target = "Shop_2" };
        model.Mappings.AddRange([good, bad]);

        model.TryRequest().ShouldBeNull();

        model.MappingError(bad).ShouldNotBeNull().ShouldStartWith("namespaceMapping[shop]: 'Shop_2' is not a valid namespace name");
        model.MappingError(good).ShouldBeNull();
    }

    [Fact]
    public void TryRequest_SameSourceMappedTwice_ErrorNamesTheNamespace()
    {
        var model = new RestoreWizardModel { SourceCluster = "prod", Backup = "b1" };
        model.Mappings.AddRange([new MappingRow { Source = "shop", Target = "a" }, new MappingRow { Source = "shop", Target = "b" }]);

        model.TryRequest().ShouldBeNull();

        model.Error("namespaceMapping").ShouldBe("namespaceMapping[shop]: 'shop' is mapped twice; keep one row.");
    }

    [Fact]
    public void TryRequest_NoBackupChosen_ErrorOnBackupName()
    {
        var model = new RestoreWizardModel { SourceCluster = "prod" };

        model.TryRequest().ShouldBeNull();

        model.Error("backupName").ShouldNotBeNull();
    }
}
