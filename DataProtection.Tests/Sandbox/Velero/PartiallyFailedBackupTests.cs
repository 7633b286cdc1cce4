using System.Text.Json.Nodes;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Backups that finish PartiallyFailed: the errors are counted in status and kept in -results.gz where Velero puts them.</summary>
[Collection(VeleroCollection.Name)]
public sealed class PartiallyFailedBackupTests(VeleroFixture velero)
{
    private readonly BackupTestKit _kit = new(velero);

    private static JsonArray Array(params string[] values) => new(values.Select(v => (JsonNode?)v).ToArray());

    private static string Name(JsonObject backup) => (string)backup["metadata"]!["name"]!;

    [Fact]
    public async Task Backup_PodVolumeClaimCannotBeRead_PartiallyFailedWithErrorUnderNamespace()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));
        await VolumeTestKit.PodAsync(velero.Client, ns, "db-0", new Dictionary<string, string> { ["backup.velero.io/backup-volumes"] = "data" },
            [VolumeTestKit.Claim("data", "gone")]);

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });

        ((string?)backup["status"]!["phase"]).ShouldBe("PartiallyFailed");
        ((int?)backup["status"]!["errors"]).ShouldBe(1);
        var results = await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{Name(backup)}/{Name(backup)}-results.gz");
        var errors = results["errors"]!.AsObject();
        errors.Select(p => p.Key).ShouldBe(["namespaces"]);
        errors["namespaces"]!.AsObject().Select(p => p.Key).ShouldBe([ns]);
        ((string?)errors["namespaces"]![ns]![0]).ShouldBe(
            " resource: /pods name: /db-0 message: /Error backing up item error: /error getting persistent volume claim for volume: persistentvolumeclaims \"gone\" not found");
        var stored = JsonNode.Parse(await _kit.ObjectAsync(velero.DefaultBucket, $"backups/{Name(backup)}/velero-backup.json"))!;
        ((string?)stored["status"]!["phase"]).ShouldBe("PartiallyFailed");
        ((int?)stored["status"]!["errors"]).ShouldBe(1);
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
