using DataProtection.Core.Common;
using DataProtection.Core.Restores;
using DataProtection.Tests.Sandbox.Velero;
using Shouldly;

namespace DataProtection.Tests.Core.Restores;

public sealed class RestoreRequestTests
{
    private static readonly RestoreRequest Shop = new()
    {
        BackupName = "nightly-20261126",
        IncludedNamespaces = ["shop", "db"],
        LabelSelector = "app=web,tier in (a,b)",
        NamespaceMapping = new Dictionary<string, string> { ["shop"] = "shop-restored" },
        ExistingResourcePolicy = ExistingResourcePolicy.Update,
        IncludeClusterResources = false,
    };

    [Fact]
    public void The_restore_validates_against_Veleros_CRD()
    {
        Shop.Validate();
        var restore = RestoreSpecWriter.Restore("shop-restore", "velero", Shop, "alice");

        CrdSchemaValidator.Validate(restore).ShouldBeEmpty();
        var spec = restore["spec"]!;
        ((string?)spec["namespaceMapping"]!["shop"]).ShouldBe("shop-restored");
        ((string?)spec["existingResourcePolicy"]).ShouldBe("update");
        ((string?)spec["labelSelector"]!["matchLabels"]!["app"]).ShouldBe("web");
        ((string?)spec["labelSelector"]!["matchExpressions"]![0]!["operator"]).ShouldBe("In");
    }

    [Fact]
    public void The_command_is_what_the_velero_CLI_takes()
    {
        RestoreSpecWriter.Command("shop-restore", Shop, "velero").ShouldBe(
            "velero restore create shop-restore --from-backup nightly-20261126 --include-namespaces shop,db --include-cluster-resources=false "
            + "--selector 'app=web,tier in (a,b)' --namespace-mappings shop:shop-restored --existing-resource-policy update --restore-volumes=true --namespace velero");
    }

    [Fact]
    public void A_schedule_source_restores_its_latest_backup()
    {
        var request = new RestoreRequest { ScheduleName = "daily" };
        request.Validate();

        var spec = RestoreSpecWriter.Spec(request);

        ((string?)spec["scheduleName"]).ShouldBe("daily");
        spec.ContainsKey("backupName").ShouldBeFalse();
        CrdSchemaValidator.Validate(RestoreSpecWriter.Restore("r", "velero", request, null)).ShouldBeEmpty();
    }

    public static TheoryData<RestoreRequest, string, string> Invalid => new()
    {
        { new RestoreRequest(), "backupName", "either a backup or a schedule" },
        { new RestoreRequest { BackupName = "b", ScheduleName = "s" }, "backupName", "not both" },
        { new RestoreRequest { BackupName = "B_ad" }, "backupName", "lower case" },
        { Shop with { LabelSelector = "app in (web" }, "labelSelector", "labelSelector" },
        { Shop with { NamespaceMapping = new Dictionary<string, string> { ["shop"] = "Shop_New" } }, "namespaceMapping", "'Shop_New' is not a valid namespace name" },
        { Shop with { NamespaceMapping = new Dictionary<string, string> { ["shop"] = "x", ["db"] = "x" } }, "namespaceMapping", "both map to 'x'" },
        { Shop with { NamespaceMapping = new Dictionary<string, string> { ["shop"] = "db", ["db"] = "shop" } }, "namespaceMapping", "must not chain or form a cycle" },
        { Shop with { NamespaceMapping = new Dictionary<string, string> { ["shop"] = "shop" } }, "namespaceMapping", "onto itself" },
        { Shop with { NamespaceMapping = new Dictionary<string, string> { ["tools"] = "tools-2" } }, "namespaceMapping", "not among the namespaces" },
        { Shop with { ExcludedNamespaces = ["shop"] }, "excludedNamespaces", "both included and excluded" },
        { new RestoreRequest { BackupName = "b", ExcludedResources = ["*"] }, "excludedResources", "every kind" },
        { Picked with { IncludedNamespaces = ["shop"] }, "items", "leave the namespace, resource and label filters empty" },
        { Picked with { LabelSelector = "app=web" }, "items", "leave the namespace, resource and label filters empty" },
        { Picked with { BackupName = null, ScheduleName = "daily" }, "items", "name the backup" },
        { Picked with { Items = [.. Picked.Items, Picked.Items[0]] }, "items", "picked twice" },
        { Picked with { Items = [new("configmaps", "Shop", "a")] }, "items", "'Shop' is not a namespace name" },
        { Picked with { Items = [new("", "shop", "a")] }, "items", "items[0]: needs a resource and a name" },
        { Picked with { Items = [.. Enumerable.Range(0, 10_001).Select(i => new RestoreItemRef("configmaps", "shop", $"c{i}"))] }, "items", "at most 10000" },
        { Picked with { NamespaceMapping = new Dictionary<string, string> { ["db"] = "db-2" } }, "namespaceMapping", "no picked object is in 'db'" },
        { Picked with { SourceCluster = new string('x', 201) }, "sourceCluster", "at most 200" },
    };

    private static readonly RestoreRequest Picked = new()
    {
        BackupName = "nightly",
        Items = [new("configmaps", "shop", "settings"), new("secrets", "shop", "token"), new("namespaces", null, "shop")],
        NamespaceMapping = new Dictionary<string, string> { ["shop"] = "shop-2" },
    };

    [Fact]
    public void Picked_objects_with_a_mapping_of_their_namespace_are_valid() => Should.NotThrow(Picked.Validate);

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Bad_input_names_the_field(RestoreRequest request, string field, string message)
    {
        var error = Should.Throw<ValidationException>(request.Validate);

        error.Field.ShouldBe(field);
        error.Message.ShouldContain(message);
    }
}
