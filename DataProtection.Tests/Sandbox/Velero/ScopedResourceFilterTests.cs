using System.Text.Json.Nodes;
using DataProtection.Sandbox.Velero;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Velero's scoped resource filters, and backups that finish PartiallyFailed.</summary>
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

    [Fact]
    public async Task Backup_IncludedNamespaceMissing_PartiallyFailedWithVeleroError()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));
        var missing = $"gone-{Guid.NewGuid().ToString("N")[..8]}";

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns, missing) });

        ((string?)backup["status"]!["phase"]).ShouldBe("PartiallyFailed");
        ((int?)backup["status"]!["errors"]).ShouldBe(1);
        ((int?)backup["status"]!["progress"]!["itemsBackedUp"]).ShouldBe(2);
        var results = await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{Name(backup)}/{Name(backup)}-results.gz");
        results.ToJsonString().ShouldBe(new JsonObject
        {
            ["errors"] = new JsonObject { ["velero"] = Array($"fail to get the namespace {missing} specified in backup.Spec.IncludedNamespaces") },
            ["warnings"] = new JsonObject(),
        }.ToJsonString());
        var stored = JsonNode.Parse(await _kit.ObjectAsync(velero.DefaultBucket, $"backups/{Name(backup)}/velero-backup.json"))!;
        ((string?)stored["status"]!["phase"]).ShouldBe("PartiallyFailed");
    }
}
