using System.Text.Json.Nodes;

namespace DataProtection.Tests.Sandbox.Velero;

[Collection(VeleroCollection.Name)]
public sealed class GarbageCollectorTests(VeleroFixture velero)
{
    private readonly BackupTestKit _kit = new(velero);

    [Fact]
    public async Task Collect_ExpiredBackup_DeletedWithItsObjectsThroughDeleteBackupRequest()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));
        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = new JsonArray(ns), ["ttl"] = "1s" });
        var name = (string)backup["metadata"]!["name"]!;
        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");

        await VeleroFixture.WaitAsync(async () => await velero.GetAsync("backups", name) is null ? "gone" : null);

        (await _kit.KeysAsync(velero.DefaultBucket, $"backups/{name}/")).ShouldBeEmpty();
    }
}
