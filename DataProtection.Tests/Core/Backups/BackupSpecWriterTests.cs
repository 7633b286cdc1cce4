using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Tests.Sandbox.Velero;

namespace DataProtection.Tests.Core.Backups;

public sealed class BackupSpecWriterTests
{
    [Fact]
    public void Spec_AllNamespaces_WritesStarAsTheCliDoes()
    {
        var spec = BackupSpecWriter.Spec(new BackupTemplate { ExcludedNamespaces = ["kube-system"] });

        spec["includedNamespaces"]!.ToJsonString().ShouldBe("""["*"]""");
        spec["excludedNamespaces"]!.ToJsonString().ShouldBe("""["kube-system"]""");
        spec.ContainsKey("includeClusterResources").ShouldBeFalse();
        ((string?)spec["ttl"]).ShouldBe("720h0m0s");
    }

    [Fact]
    public void Spec_Selector_EqualityToMatchLabelsRestToMatchExpressionsSortedByKey()
    {
        var spec = BackupSpecWriter.Spec(new BackupTemplate { LabelSelector = "app=web,tier in (a,b),env!=dev,legacy,!beta" });

        spec["labelSelector"]!.ToJsonString().ShouldBe("""
            {"matchLabels":{"app":"web"},"matchExpressions":[{"key":"beta","operator":"DoesNotExist"},{"key":"env","operator":"NotIn","values":["dev"]},{"key":"legacy","operator":"Exists"},{"key":"tier","operator":"In","values":["a","b"]}]}
            """.Trim());
    }

    [Fact]
    public void Spec_OrSelectors_OneSelectorEach()
    {
        var spec = BackupSpecWriter.Spec(new BackupTemplate { OrLabelSelectors = ["app=web", "tier in (db)"] });

        spec["orLabelSelectors"]!.ToJsonString().ShouldBe("""[{"matchLabels":{"app":"web"}},{"matchExpressions":[{"key":"tier","operator":"In","values":["db"]}]}]""");
        spec.ContainsKey("labelSelector").ShouldBeFalse();
    }

    [Fact]
    public void Backup_EveryOption_ValidAgainstTheCrd()
    {
        var template = new BackupTemplate
        {
            Namespaces = NamespaceScope.Selected, IncludedNamespaces = ["shop"], IncludedResources = ["deployments.apps"], ExcludedResources = ["secrets"],
            ClusterResources = ClusterResources.Exclude, LabelSelector = "app=web,tier notin (x)", SnapshotVolumes = true, FsBackupAllVolumes = true,
            StorageLocation = "secondary", Ttl = TimeSpan.FromDays(7),
        };

        var backup = BackupSpecWriter.Backup("shop-1", "velero", template, "alice", new Dictionary<string, string> { ["team"] = "a" });

        CrdSchemaValidator.Validate(backup).ShouldBeEmpty();
        ((string?)backup["metadata"]!["annotations"]!["dataprotection.io/requested-by"]).ShouldBe("alice");
        ((bool?)backup["spec"]!["includeClusterResources"]).ShouldBe(false);
        ((string?)backup["spec"]!["ttl"]).ShouldBe("168h0m0s");
    }

    [Fact]
    public void BackupCommand_EveryOption_VeleroFlags()
    {
        var template = new BackupTemplate
        {
            Namespaces = NamespaceScope.Selected, IncludedNamespaces = ["shop", "db"], ExcludedResources = ["secrets"],
            ClusterResources = ClusterResources.Include, LabelSelector = "app=web,tier in (a,b)", FsBackupAllVolumes = true,
            StorageLocation = "secondary", Ttl = TimeSpan.FromDays(1),
        };

        BackupSpecWriter.BackupCommand("shop-1", template, "velero").ShouldBe(
            "velero backup create shop-1 --include-namespaces shop,db --exclude-resources secrets --include-cluster-resources=true "
            + "--selector 'app=web,tier in (a,b)' --snapshot-volumes=false --default-volumes-to-fs-backup --storage-location secondary --ttl 24h0m0s --namespace velero");
    }

    [Fact]
    public void BackupCommand_OrSelectors_JoinedWithOr() =>
        BackupSpecWriter.BackupCommand("b", new BackupTemplate { OrLabelSelectors = ["app=web", "tier=db"] }, "velero")
            .ShouldContain("--or-selector 'app=web or tier=db'");

    [Fact]
    public void Yaml_Backup_ReadsBackAsTheSameObject()
    {
        var backup = BackupSpecWriter.Backup("b", "velero", new BackupTemplate { LabelSelector = "app=web" }, null);

        var yaml = BackupSpecWriter.Yaml(backup);

        yaml.ShouldContain("kind: Backup");
        yaml.ShouldContain("app: web");
        backup["metadata"]!.AsObject().ContainsKey("annotations").ShouldBeFalse();
    }
}
