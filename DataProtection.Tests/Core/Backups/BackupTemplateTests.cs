using DataProtection.Core.Backups;
using DataProtection.Core.Common;

namespace DataProtection.Tests.Core.Backups;

/// <summary>Every field a Backup takes is checked before a CR is written, and the error names Velero's field.</summary>
public sealed class BackupTemplateTests
{
    public static TheoryData<string, BackupTemplate> BadTemplates => new()
    {
        { "labelSelector", new BackupTemplate { LabelSelector = "app in (web" } },
        { "labelSelector", new BackupTemplate { LabelSelector = "replicas>2" } },
        { "orLabelSelectors", new BackupTemplate { LabelSelector = "app=web", OrLabelSelectors = ["tier=db"] } },
        { "orLabelSelectors", new BackupTemplate { OrLabelSelectors = ["tier=db", " "] } },
        { "orLabelSelectors", new BackupTemplate { OrLabelSelectors = ["tier=db", "=x"] } },
        { "includedResources", new BackupTemplate { IncludedResources = ["Deployments!"] } },
        { "excludedResources", new BackupTemplate { ExcludedResources = ["*"] } },
        { "excludedResources", new BackupTemplate { IncludedResources = ["secrets"], ExcludedResources = ["secrets"] } },
        { "includedNamespaces", new BackupTemplate { Namespaces = NamespaceScope.Selected } },
        { "includedNamespaces", new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = ["Shop_1"] } },
        { "excludedNamespaces", new BackupTemplate { ExcludedNamespaces = ["*"] } },
        { "excludedNamespaces", new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = ["shop"], ExcludedNamespaces = ["shop"] } },
        { "storageLocation", new BackupTemplate { StorageLocation = "Default Location" } },
        { "ttl", new BackupTemplate { Ttl = TimeSpan.FromSeconds(30) } },
        { "ttl", new BackupTemplate { Ttl = TimeSpan.FromDays(40000) } },
    };

    [Theory]
    [MemberData(nameof(BadTemplates))]
    public void Validate_BadField_ThrowsNamingIt(string field, BackupTemplate template)
    {
        var error = Should.Throw<ValidationException>(template.Validate);

        error.Field.ShouldBe(field);
        error.Message.ShouldStartWith(field);
    }

    [Fact]
    public void Validate_EveryScopeKind_Passes()
    {
        BackupTemplate[] good =
        [
            BackupTemplate.WholeCluster(),
            new() { ExcludedNamespaces = ["kube-system", "dev-*"] },
            new() { Namespaces = NamespaceScope.Selected, IncludedNamespaces = ["shop", "db"], ClusterResources = ClusterResources.Exclude },
            new() { LabelSelector = "app=web,tier in (a,b),!legacy" },
            new() { OrLabelSelectors = ["app=web", "tier=db"] },
            new() { IncludedResources = ["deployments.apps", "configmaps"], ExcludedResources = ["secrets"] },
            new() { StorageLocation = "secondary", Ttl = TimeSpan.FromDays(365) },
        ];

        foreach (var template in good)
            Should.NotThrow(template.Validate);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("Nightly", "must consist of lower case alphanumerics")]
    [InlineData("-nightly", "must consist of lower case alphanumerics")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234", "longer than 63")]
    public void CheckName_BadName_NamesTheField(string? name, string reason)
    {
        var error = Should.Throw<ValidationException>(() => BackupTemplateRules.CheckName("name", name, 63));

        error.Field.ShouldBe("name");
        error.Message.ShouldContain(reason);
    }

    [Theory]
    [InlineData(new[] { "shop" }, "shop-20261126203000")]
    [InlineData(new string[0], "backup-20261126203000")]
    [InlineData(new[] { "dev-*" }, "backup-20261126203000")]
    [InlineData(new[] { "a-very-long-namespace-name-that-goes-on-and-on-and-on-x" }, "a-very-long-namespace-name-that-goes-on-and-on-a-20261126203000")]
    public void DefaultName_FirstNamespaceAndTime_ValidName(string[] namespaces, string expected)
    {
        var template = namespaces.Length == 0 ? new BackupTemplate() : new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = namespaces };

        var name = BackupSubmissionService.DefaultName(template, new DateTime(2026, 11, 26, 20, 30, 0, DateTimeKind.Utc));

        name.ShouldBe(expected);
        Should.NotThrow(() => BackupTemplateRules.CheckName("name", name, BackupSubmissionService.MaxNameLength));
    }
}
