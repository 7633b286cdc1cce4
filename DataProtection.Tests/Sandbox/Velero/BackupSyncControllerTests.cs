using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Sandbox.Velero;

[Collection(VeleroCollection.Name)]
public sealed class BackupSyncControllerTests(VeleroFixture velero)
{
    private readonly BackupTestKit _kit = new(velero);

    private async Task<string> CompletedBackupAsync()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));
        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = new JsonArray(ns) });
        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        return (string)backup["metadata"]!["name"]!;
    }

    [Fact]
    public async Task Sync_BackupInSharedBucket_AppearsInSecondClusterLabelledWithItsLocation()
    {
        // A bucket of its own: other tests give the second cluster read-only locations on the default bucket too.
        var bucket = await velero.NewBucketAsync();
        var source = await velero.CreateLocationAsync(bucket);
        await velero.WaitForAsync("backupstoragelocations", source, l => (string?)l["status"]?["phase"] == "Available");
        var location = await velero.CreateLocationAsync(bucket, accessMode: "ReadOnly", client: velero.DrClient);
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));
        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = new JsonArray(ns), ["storageLocation"] = source });
        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        var name = (string)backup["metadata"]!["name"]!;

        var synced = await velero.WaitForAsync("backups", name, _ => true, velero.DrClient);

        ((string?)synced["metadata"]!["labels"]!["velero.io/storage-location"]).ShouldBe(location);
        ((string?)synced["spec"]!["storageLocation"]).ShouldBe(location);
        ((string?)synced["status"]!["phase"]).ShouldBe("Completed");
    }

    [Fact]
    public async Task Sync_CompletedBackupGoneFromBucket_BackupDeleted()
    {
        var name = await CompletedBackupAsync();

        foreach (var key in await _kit.KeysAsync(velero.DefaultBucket, $"backups/{name}/"))
            await velero.Bucket.DeleteObjectAsync(velero.DefaultBucket, key).DefaultTimeout();

        await VeleroFixture.WaitAsync(async () => await velero.GetAsync("backups", name) is null ? "gone" : null);
    }
}
