using System.Text;
using System.Text.Json.Nodes;

namespace DataProtection.Tests.Sandbox.Velero;

[Collection(VeleroCollection.Name)]
public sealed class BackupControllerTests(VeleroFixture velero)
{
    private readonly BackupTestKit _kit = new(velero);

    private static JsonArray Array(params string[] values) => new(values.Select(v => (JsonNode?)v).ToArray());

    private static string Name(JsonObject backup) => (string)backup["metadata"]!["name"]!;

    private async Task<IReadOnlyList<string>> ResourceListItemsAsync(JsonObject backup, string key)
    {
        var list = (await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{Name(backup)}/{Name(backup)}-resource-list.json.gz")).AsObject();
        return (list[key] as JsonArray ?? []).Select(v => (string)v!).ToList();
    }

    [Fact]
    public async Task Backup_IncludedNamespace_CompletesAndWritesEveryFile()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("one", "web"), ("two", null));

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });

        var name = Name(backup);
        var status = backup["status"]!;
        ((string?)status["phase"]).ShouldBe("Completed");
        ((int)status["progress"]!["totalItems"]!).ShouldBe(3);
        ((int)status["progress"]!["itemsBackedUp"]!).ShouldBe(3);
        (DateTimeOffset.Parse((string)status["expiration"]!) - DateTimeOffset.Parse((string)status["startTimestamp"]!)).ShouldBe(TimeSpan.FromHours(720));
        ((string?)backup["metadata"]!["labels"]!["velero.io/storage-location"]).ShouldBe("default");
        ((string?)backup["spec"]!["ttl"]).ShouldBe("720h0m0s");
        var keys = await _kit.KeysAsync(velero.DefaultBucket, $"backups/{name}/");
        keys.ShouldBe(new[] { "velero-backup.json", $"{name}.tar.gz", $"{name}-logs.gz", $"{name}-resource-list.json.gz", $"{name}-results.gz",
            $"{name}-volumesnapshots.json.gz", $"{name}-podvolumebackups.json.gz", $"{name}-itemoperations.json.gz", $"{name}-volumeinfo.json.gz" }
            .Select(k => $"backups/{name}/{k}"), ignoreOrder: true);
        (await ResourceListItemsAsync(backup, "v1/ConfigMap")).ShouldBe([$"{ns}/one", $"{ns}/two"]);
        (await ResourceListItemsAsync(backup, "v1/Namespace")).ShouldBe([ns]);
        (await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{name}/{name}-results.gz")).ToJsonString().ShouldBe("""{"errors":{},"warnings":{}}""");
    }

    [Fact]
    public async Task Backup_Completed_TarballHasVersionFirstAndBothPathsPerItem()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });

        var entries = await _kit.TarballAsync(velero.DefaultBucket, Name(backup));
        entries[0].ShouldBe(("metadata/version", "1.1.0\n"));
        entries.Select(e => e.Name).Skip(1).ShouldBe([
            $"resources/configmaps/namespaces/{ns}/cm.json", $"resources/configmaps/v1-preferredversion/namespaces/{ns}/cm.json",
            $"resources/namespaces/cluster/{ns}.json", $"resources/namespaces/v1-preferredversion/cluster/{ns}.json"], ignoreOrder: true);
        var item = entries.Single(e => e.Name == $"resources/configmaps/namespaces/{ns}/cm.json").Content;
        item.ShouldStartWith("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{");
        item.ShouldNotEndWith("\n");
    }

    [Fact]
    public async Task Backup_Completed_VeleroBackupJsonIsPrettyWithFinalStatus()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });

        var text = Encoding.UTF8.GetString(await _kit.ObjectAsync(velero.DefaultBucket, $"backups/{Name(backup)}/velero-backup.json"));
        text.ShouldStartWith("{\n  \"kind\": \"Backup\",\n  \"apiVersion\": \"velero.io/v1\",\n  \"metadata\": {");
        var stored = JsonNode.Parse(text)!;
        ((string?)stored["status"]!["phase"]).ShouldBe("Completed");
        ((string?)stored["status"]!["formatVersion"]).ShouldBe("1.1.0");
        ((string?)stored["status"]!["completionTimestamp"]).ShouldNotBeNull();
        ((string?)stored["metadata"]!["annotations"]!["velero.io/source-cluster-k8s-gitversion"]).ShouldStartWith("v1.");
    }

    [Fact]
    public async Task Backup_LabelSelector_OnlyMatchingItems()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("web", "web"), ("db", "db"));

        var backup = await _kit.RunAsync(new JsonObject
        {
            ["includedNamespaces"] = Array(ns),
            ["labelSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
        });

        (await ResourceListItemsAsync(backup, "v1/ConfigMap")).ShouldBe([$"{ns}/web"]);
        (await ResourceListItemsAsync(backup, "v1/Namespace")).ShouldBe([ns]);
    }

    [Fact]
    public async Task Backup_OrLabelSelectors_ItemsMatchingAny()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("web", "web"), ("db", "db"), ("cache", "cache"));
        JsonObject App(string app) => new() { ["matchLabels"] = new JsonObject { ["app"] = app } };

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns), ["orLabelSelectors"] = new JsonArray(App("web"), App("db")) });

        (await ResourceListItemsAsync(backup, "v1/ConfigMap")).ShouldBe([$"{ns}/db", $"{ns}/web"]);
    }

    [Fact]
    public async Task Backup_ExcludedResources_LeavesThemOut()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns), ["excludedResources"] = Array("configmaps") });

        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        (await ResourceListItemsAsync(backup, "v1/ConfigMap")).ShouldBeEmpty();
        (await ResourceListItemsAsync(backup, "v1/Namespace")).ShouldBe([ns]);
    }

    [Fact]
    public async Task Backup_NamespaceGlobWithClusterResources_IncludesCrds()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns[..6] + "*"), ["includeClusterResources"] = true });

        (await ResourceListItemsAsync(backup, "v1/ConfigMap")).ShouldContain($"{ns}/cm");
        (await ResourceListItemsAsync(backup, "apiextensions.k8s.io/v1/CustomResourceDefinition")).ShouldContain("backups.velero.io");
    }

    [Fact]
    public async Task Backup_SomeNamespacesWithoutClusterFlag_NoClusterScopedItems()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });

        (await ResourceListItemsAsync(backup, "apiextensions.k8s.io/v1/CustomResourceDefinition")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Backup_InvalidLabelSelector_FailedValidation()
    {
        var backup = await _kit.RunAsync(new JsonObject
        {
            ["labelSelector"] = new JsonObject
            {
                ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "app", ["operator"] = "In" }),
            },
        });

        ((string?)backup["status"]!["phase"]).ShouldBe("FailedValidation");
        ((string)backup["status"]!["validationErrors"]![0]!).ShouldStartWith("invalid label selector");
        (await _kit.KeysAsync(velero.DefaultBucket, $"backups/{Name(backup)}/")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Backup_UnknownStorageLocation_FailedValidation()
    {
        var backup = await _kit.RunAsync(new JsonObject { ["storageLocation"] = "nowhere" });

        ((string?)backup["status"]!["phase"]).ShouldBe("FailedValidation");
        ((string)backup["status"]!["validationErrors"]![0]!).ShouldBe("a BackupStorageLocation CRD with the name specified in the backup spec needs to be " +
            "created before this backup can be executed. Error: backupstoragelocations.velero.io \"nowhere\" not found");
    }

    [Fact]
    public async Task Backup_UnavailableStorageLocation_FailedValidation()
    {
        var location = await velero.CreateLocationAsync("velero-no-such-bucket");
        await velero.WaitForAsync("backupstoragelocations", location, l => (string?)l["status"]?["phase"] == "Unavailable");

        var backup = await _kit.RunAsync(new JsonObject { ["storageLocation"] = location });

        ((string?)backup["status"]!["phase"]).ShouldBe("FailedValidation");
        ((string)backup["status"]!["validationErrors"]![0]!).ShouldBe($"backup can't be created because BackupStorageLocation {location} is in Unavailable status.");
    }

    [Fact]
    public async Task Backup_SeededNamespace_ArchiveMatchesResourceListObjectForObject()
    {
        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array("shop") });

        var name = Name(backup);
        var list = (await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{name}/{name}-resource-list.json.gz")).AsObject();
        var entries = await _kit.TarballAsync(velero.DefaultBucket, name);
        var fromArchive = entries.Where(e => e.Name.StartsWith("resources/") && !e.Name.Contains("-preferredversion/"))
            .Select(e => JsonNode.Parse(e.Content)!)
            .Select(o => $"{(string)o["apiVersion"]!}/{(string)o["kind"]!} " +
                (o["metadata"]!["namespace"] is { } ns ? $"{ns}/{o["metadata"]!["name"]}" : (string)o["metadata"]!["name"]!))
            .Order(StringComparer.Ordinal);
        var fromList = list.SelectMany(p => p.Value!.AsArray().Select(v => $"{p.Key} {(string)v!}")).Order(StringComparer.Ordinal);
        fromArchive.ShouldBe(fromList);
        list.Select(p => p.Key).ShouldContain("apps/v1/Deployment");
        entries.Count(e => e.Name.Contains("-preferredversion/")).ShouldBe(entries.Count(e => e.Name.StartsWith("resources/")) / 2);
        entries.ShouldContain(e => e.Name.StartsWith("resources/deployments.apps/v1-preferredversion/namespaces/shop/"));
        ((int)backup["status"]!["progress"]!["totalItems"]!).ShouldBe(fromList.Count());
    }

    [Fact]
    public async Task Backup_LocationWithPrefix_WritesUnderPrefix()
    {
        var bucket = await velero.NewBucketAsync();
        var location = await velero.CreateLocationAsync(bucket, prefix: "cluster-a/");
        await velero.WaitForAsync("backupstoragelocations", location, l => (string?)l["status"]?["phase"] == "Available");
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns), ["storageLocation"] = location });

        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        (await _kit.KeysAsync(bucket, "")).ShouldAllBe(k => k.StartsWith($"cluster-a/backups/{Name(backup)}/"));
        (await _kit.KeysAsync(bucket, "")).Count.ShouldBe(9);
    }

    [Fact]
    public async Task Backup_IncludedResourcesByShortNameAndNamespaceGlob_OnlyThoseKinds()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns[..^1] + "?"), ["includedResources"] = Array("cm") });

        var list = (await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{Name(backup)}/{Name(backup)}-resource-list.json.gz")).AsObject();
        list.Select(p => p.Key).ShouldBe(["v1/ConfigMap"]);
        (await ResourceListItemsAsync(backup, "v1/ConfigMap")).ShouldBe([$"{ns}/cm"]);
    }
}
