using System.Text.Json.Nodes;
using static DataProtection.Tests.Sandbox.Velero.RestoreTestKit;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Every Restore the controller wrote, whatever its outcome, fits Velero's Restore CRD schema (strictly, beyond the API server's pruning).</summary>
[Collection(VeleroCollection.Name)]
public sealed class RestoreSchemaTests(VeleroFixture velero)
{
    private readonly RestoreTestKit _kit = new(velero);

    [Fact]
    public async Task Controller_EveryRestoreOutcome_ValidatesAgainstRestoreCrd()
    {
        var (ns, backup) = await _kit.BackedUpNamespaceAsync();
        var failedBackup = await new RestoreSources(velero).CreateBackupObjectAsync(schedule: null, "Failed", DateTimeOffset.UtcNow);
        var restores = new List<JsonObject>
        {
            await _kit.RunAsync(new JsonObject { ["backupName"] = backup, ["namespaceMapping"] = new JsonObject { [ns] = ns + "-schema" } }),
            await _kit.RunAsync(new JsonObject { ["backupName"] = backup, ["existingResourcePolicy"] = "none" }),
            await _kit.RunAsync(new JsonObject { ["backupName"] = backup, ["labelSelector"] = JsonNode.Parse("""{"matchExpressions":[{"key":"a","operator":"In"}]}""") }),
            await _kit.RunAsync(new JsonObject { ["backupName"] = failedBackup }),
            await _kit.RunAsync(new JsonObject { ["includedResources"] = Array("nodes") }),
        };

        restores.Select(r => (string?)r["status"]!["phase"]).ShouldBe(["Completed", "Completed", "PartiallyFailed", "Failed", "FailedValidation"]);
        var violations = restores.SelectMany(r => CrdSchemaValidator.Validate(r).Select(v => $"{Name(r)}: {v}")).ToList();
        violations.ShouldBeEmpty();
    }
}
