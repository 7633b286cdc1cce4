using System.Text.Json.Nodes;
using DataProtection.Sandbox.Velero;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Velero's scoped resource filters: included/excluded cluster-scoped and namespace-scoped resources.</summary>
[Collection(VeleroCollection.Name)]
public sealed class ScopedResourceFilterTests(VeleroFixture velero)
{
    private readonly BackupTestKit _kit = new(velero);

    private static JsonArray Array(params string[] values) => new(values.Select(v => (JsonNode?)v).ToArray());

    private static string Name(JsonObject backup) => (string)backup["metadata"]!["name"]!;

    private async Task<string> NamespaceWithConfigMapAndSecretAsync()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));
        await velero.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new() { Name = "token" } }, ns).DefaultTimeout();
        return ns;
    }

    private async Task<JsonObject> ResourceListAsync(JsonObject backup) =>
        (await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{Name(backup)}/{Name(backup)}-resource-list.json.gz")).AsObject();

    [Fact]
    public async Task Backup_IncludedNamespaceScopedResources_OnlyThoseKindsAndTheNamespace()
    {
        var ns = await NamespaceWithConfigMapAndSecretAsync();

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns), ["includedNamespaceScopedResources"] = Array("configmaps") });

        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        var list = await ResourceListAsync(backup);
        list.Select(p => p.Key).ShouldBe(["v1/ConfigMap", "v1/Namespace"], ignoreOrder: true);
    }

    [Fact]
    public async Task Backup_ExcludedNamespaceScopedResourcesWithIncludedClusterScoped_SecretsOutCrdsIn()
    {
        var ns = await NamespaceWithConfigMapAndSecretAsync();

        var backup = await _kit.RunAsync(new JsonObject
        {
            ["includedNamespaces"] = Array(ns),
            ["excludedNamespaceScopedResources"] = Array("secrets"),
            ["includedClusterScopedResources"] = Array("customresourcedefinitions"),
        });

        var list = await ResourceListAsync(backup);
        list.ContainsKey("v1/Secret").ShouldBeFalse();
        list.ContainsKey("v1/ConfigMap").ShouldBeTrue();
        (list["apiextensions.k8s.io/v1/CustomResourceDefinition"] as JsonArray ?? []).Select(n => (string?)n).ShouldContain("schedules.velero.io");
    }

    [Fact]
    public async Task Backup_SomeNamespacesWithoutClusterScopedLists_NoClusterScopedItems()
    {
        var ns = await NamespaceWithConfigMapAndSecretAsync();

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns), ["excludedNamespaceScopedResources"] = Array("secrets") });

        (await ResourceListAsync(backup)).Select(p => p.Key).ShouldBe(["v1/ConfigMap", "v1/Namespace"], ignoreOrder: true);
    }

    [Fact]
    public async Task Backup_OldAndNewFiltersMixed_FailedValidation()
    {
        var backup = await _kit.RunAsync(new JsonObject { ["includeClusterResources"] = true, ["includedNamespaceScopedResources"] = Array("configmaps") });

        ((string?)backup["status"]!["phase"]).ShouldBe("FailedValidation");
        backup["status"]!["validationErrors"]!.AsArray().Select(e => (string?)e).ShouldBe([ScopedResourceFilter.MixedMessage]);
    }

    [Fact]
    public async Task Backup_ExcludeAllClusterScopedWithIncludes_FailedValidation()
    {
        var backup = await _kit.RunAsync(new JsonObject
        {
            ["includedClusterScopedResources"] = Array("storageclasses"),
            ["excludedClusterScopedResources"] = Array("*"),
            ["includedNamespaceScopedResources"] = Array("*", "pods"),
        });

        backup["status"]!["validationErrors"]!.AsArray().Select(e => (string?)e).ShouldBe([
            "Invalid cluster-scoped included/excluded resource lists: when exclude is '*', include cannot have value",
            "Invalid namespace-scoped included/excluded resource lists: includes list must either contain '*' only, or a non-empty list of items"]);
    }
}
