using System.IO.Compression;
using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;
using static DataProtection.Tests.Sandbox.Velero.RestoreTestKit;

namespace DataProtection.Tests.Sandbox.Velero;

[Collection(VeleroCollection.Name)]
public sealed class RestoreControllerTests(VeleroFixture velero)
{
    private readonly RestoreTestKit _kit = new(velero);

    [Fact]
    public async Task Restore_NamespaceDeleted_RecreatesNamespaceAndItems()
    {
        var (ns, backup) = await _kit.BackedUpNamespaceAsync();
        await DeleteNamespaceAsync(velero.Client, ns);

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = backup });

        var status = restore["status"]!;
        ((string?)status["phase"]).ShouldBe("Completed");
        ((int)status["progress"]!["totalItems"]!).ShouldBe(3);
        ((int)status["progress"]!["itemsRestored"]!).ShouldBe(3);
        status["startTimestamp"].ShouldNotBeNull();
        status["completionTimestamp"].ShouldNotBeNull();
        (await ReadNamespaceAsync(velero.Client, ns)).ShouldNotBeNull();
        (await ConfigMapAsync(velero.Client, ns, "one"))!.Metadata.Labels["app"].ShouldBe("web");
        (await ConfigMapAsync(velero.Client, ns, "two")).ShouldNotBeNull();
        (await _kit.ResourceListAsync(restore, "v1/ConfigMap")).ShouldBe([$"{ns}/one(created)", $"{ns}/two(created)"]);
        (await _kit.ResourceListAsync(restore, "v1/Namespace")).ShouldBe([$"{ns}(created)"]);
    }

    [Fact]
    public async Task Restore_Completed_SpecCompletedAsVeleroDoes()
    {
        var (ns, backup) = await _kit.BackedUpNamespaceAsync();

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = backup, ["excludedResources"] = Array("secrets") });

        var spec = restore["spec"]!;
        ((string?)spec["itemOperationTimeout"]).ShouldBe("4h0m0s");
        spec["excludedResources"]!.AsArray().Select(r => (string)r!).ShouldBe([
            "secrets", "nodes", "events", "events.events.k8s.io", "backups.velero.io", "restores.velero.io", "resticrepositories.velero.io",
            "csinodes.storage.k8s.io", "volumeattachments.storage.k8s.io", "backuprepositories.velero.io"]);
        (await ConfigMapAsync(velero.Client, ns, "one")).ShouldNotBeNull();
    }

    [Fact]
    public async Task Restore_NamespaceMapping_ItemsAndNamespaceUnderNewName()
    {
        var (ns, backup) = await _kit.BackedUpNamespaceAsync();
        var target = ns + "-copy";

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = backup, ["namespaceMapping"] = new JsonObject { [ns] = target } });

        ((string?)restore["status"]!["phase"]).ShouldBe("Completed");
        (await ConfigMapAsync(velero.Client, target, "one")).ShouldNotBeNull();
        (await ConfigMapAsync(velero.Client, target, "two")).ShouldNotBeNull();
        (await ReadNamespaceAsync(velero.Client, target))!.Metadata.Name.ShouldBe(target);
        (await _kit.ResourceListAsync(restore, "v1/Namespace")).ShouldBe([$"{target}(created)"]);
        (await _kit.ResourceListAsync(restore, "v1/ConfigMap")).ShouldBe([$"{target}/one(created)", $"{target}/two(created)"]);
        (await ConfigMapAsync(velero.Client, ns, "one"))!.Metadata.Labels.ShouldNotContainKey("velero.io/restore-name");
    }

    [Fact]
    public async Task Restore_LabelSelector_OnlyMatchingItems()
    {
        var (ns, backup) = await _kit.BackedUpNamespaceAsync();
        await DeleteNamespaceAsync(velero.Client, ns);

        var restore = await _kit.RunAsync(new JsonObject
        {
            ["backupName"] = backup,
            ["labelSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
        });

        ((string?)restore["status"]!["phase"]).ShouldBe("Completed");
        (await ConfigMapAsync(velero.Client, ns, "one")).ShouldNotBeNull();
        (await ConfigMapAsync(velero.Client, ns, "two")).ShouldBeNull();
        (await _kit.ResourceListAsync(restore, "v1/ConfigMap")).ShouldBe([$"{ns}/one(created)"]);
    }

    [Theory]
    [InlineData("includedResources", "configmaps")]
    [InlineData("excludedResources", "secrets")]
    public async Task Restore_ResourceFilter_OnlyThoseResources(string field, string resource)
    {
        var ns = await _kit.Backups.NamespaceWithConfigMapsAsync(("cm", null));
        await velero.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new() { Name = "secret" } }, ns).DefaultTimeout();
        var backup = await _kit.Backups.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });
        await DeleteNamespaceAsync(velero.Client, ns);

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = Name(backup), [field] = Array(resource) });

        ((string?)restore["status"]!["phase"]).ShouldBe("Completed");
        (await ConfigMapAsync(velero.Client, ns, "cm")).ShouldNotBeNull();
        var secrets = await velero.Client.CoreV1.ListNamespacedSecretAsync(ns).DefaultTimeout();
        secrets.Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Restore_Completed_WritesVeleroRestoreFiles()
    {
        var (_, backup) = await _kit.BackedUpNamespaceAsync();

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = backup });

        var name = Name(restore);
        var keys = await _kit.Backups.KeysAsync(velero.DefaultBucket, $"restores/{name}/");
        keys.ShouldBe(new[] { $"restore-{name}-logs.gz", $"restore-{name}-results.gz", $"restore-{name}-resource-list.json.gz",
            $"restore-{name}-itemoperations.json.gz", $"{name}-volumeinfo.json.gz" }.Select(k => $"restores/{name}/{k}"), ignoreOrder: true);
        (await _kit.RestoreFileAsync(restore, "restore-<r>-results.gz")).ToJsonString().ShouldBe("""{"errors":{},"warnings":{}}""");
        (await _kit.RestoreFileAsync(restore, "restore-<r>-itemoperations.json.gz")).ToJsonString().ShouldBe("[]");
        (await _kit.RestoreFileAsync(restore, "<r>-volumeinfo.json.gz")).ToJsonString().ShouldBe("[]");
        using var log = new StreamReader(new GZipStream(new MemoryStream(
            await _kit.Backups.ObjectAsync(velero.DefaultBucket, $"restores/{name}/restore-{name}-logs.gz")), CompressionMode.Decompress));
        var lines = (await log.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldContain(l => l.Contains("level=info msg=\"restore completed\"") && l.EndsWith($"restore=velero/{name}"));
    }

    [Fact]
    public async Task Restore_Deleted_FilesRemovedThenRestoreGone()
    {
        var (_, backup) = await _kit.BackedUpNamespaceAsync();
        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = backup });
        restore["metadata"]!["finalizers"]!.AsArray().Select(f => (string)f!).ShouldBe(["restores.velero.io/external-resources-finalizer"]);

        await velero.Client.CustomObjects.DeleteNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "restores", Name(restore))
            .DefaultTimeout();

        await VeleroFixture.WaitAsync(async () => await velero.GetAsync("restores", Name(restore)) is null ? "gone" : null);
        (await _kit.Backups.KeysAsync(velero.DefaultBucket, $"restores/{Name(restore)}/")).ShouldBeEmpty();
    }

    [Fact]
    public async Task DownloadRequest_RestoreResults_PresignedUrlServesTheResults()
    {
        var (ns, backup) = await _kit.BackedUpNamespaceAsync();
        await velero.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"changed":"yes"}}""", V1Patch.PatchType.MergePatch), "one", ns).DefaultTimeout();
        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = backup });
        var request = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "DownloadRequest",
            ["metadata"] = new JsonObject { ["name"] = $"dl-{Guid.NewGuid().ToString("N")[..8]}" },
            ["spec"] = new JsonObject { ["target"] = new JsonObject { ["kind"] = "RestoreResults", ["name"] = Name(restore) } },
        };

        await velero.Client.CustomObjects.CreateNamespacedCustomObjectAsync(request, "velero.io", "v1", VeleroFixture.Namespace, "downloadrequests")
            .DefaultTimeout();

        var processed = await velero.WaitForAsync("downloadrequests", Name(request), r => (string?)r["status"]?["phase"] == "Processed");
        using var http = new HttpClient();
        var body = await http.GetByteArrayAsync((string)processed["status"]!["downloadURL"]!).DefaultTimeout();
        using var reader = new StreamReader(new GZipStream(new MemoryStream(body), CompressionMode.Decompress));
        var results = JsonNode.Parse(await reader.ReadToEndAsync())!;
        ((string?)results["warnings"]!["namespaces"]![ns]![0]).ShouldBe(
            "could not restore, ConfigMap:one already exists. Warning: the in-cluster version is different than the backed-up version");
        ((int)restore["status"]!["warnings"]!).ShouldBe(1);
    }
}
