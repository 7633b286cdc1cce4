using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using k8s;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Everything the controller writes, in the cluster and in the bucket, fits Velero's own CRD schemas.</summary>
[Collection(VeleroCollection.Name)]
public sealed class CrdSchemaValidationTests(VeleroFixture velero)
{
    private static readonly string[] Plurals = ["backups", "schedules", "deletebackuprequests", "downloadrequests", "serverstatusrequests", "backupstoragelocations",
        "podvolumebackups"];
    private readonly BackupTestKit _kit = new(velero);

    private async Task<string> CreateAsync(string plural, string kind, JsonObject spec)
    {
        var name = $"v-{Guid.NewGuid().ToString("N")[..10]}";
        var obj = new JsonObject { ["apiVersion"] = "velero.io/v1", ["kind"] = kind, ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
        await velero.Client.CustomObjects.CreateNamespacedCustomObjectAsync(obj, "velero.io", "v1", VeleroFixture.Namespace, plural).DefaultTimeout();
        return name;
    }

    private static Task<JsonObject> ProcessedAsync(VeleroFixture velero, string plural, string name) =>
        velero.WaitForAsync(plural, name, r => (string?)r["status"]?["phase"] == "Processed");

    private async Task<List<JsonObject>> AllVeleroObjectsAsync()
    {
        var all = new List<JsonObject>();
        foreach (var plural in Plurals)
        {
            var list = JsonNode.Parse(KubernetesJson.Serialize(await velero.Client.CustomObjects
                .ListNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, plural).DefaultTimeout()))!;
            all.AddRange(list["items"]!.AsArray().OfType<JsonObject>());
        }
        return all;
    }

    [Fact]
    public async Task Controller_RepresentativeScenario_EveryObjectValidatesAgainstVeleroCrds()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", "web"));
        await VolumeTestKit.ClaimAsync(velero.Client, ns, "data", "1Gi");
        await VolumeTestKit.PodAsync(velero.Client, ns, "db-0", new Dictionary<string, string> { ["backup.velero.io/backup-volumes"] = "data" },
            [VolumeTestKit.Claim("data", "data")]);
        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = new JsonArray(ns), ["ttl"] = "2h0m0s" });
        var partial = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = new JsonArray(ns, "missing-ns"), ["includedNamespaceScopedResources"] = new JsonArray("configmaps") });
        var invalid = await _kit.RunAsync(new JsonObject { ["storageLocation"] = "nowhere" });
        var schedule = await CreateAsync("schedules", "Schedule", new JsonObject { ["schedule"] = "@every 24h", ["useOwnerReferencesInBackup"] = true,
            ["template"] = new JsonObject { ["includedNamespaces"] = new JsonArray(ns) } });
        var broken = await CreateAsync("schedules", "Schedule", new JsonObject { ["schedule"] = "61 * * * *", ["template"] = new JsonObject() });
        await velero.WaitForAsync("schedules", schedule, s => (string?)s["status"]?["lastBackup"] is not null);
        await velero.WaitForAsync("schedules", broken, s => (string?)s["status"]?["phase"] == "FailedValidation");
        await ProcessedAsync(velero, "deletebackuprequests", await CreateAsync("deletebackuprequests", "DeleteBackupRequest", new JsonObject { ["backupName"] = "no-such-backup" }));
        await ProcessedAsync(velero, "downloadrequests", await CreateAsync("downloadrequests", "DownloadRequest",
            new JsonObject { ["target"] = new JsonObject { ["kind"] = "BackupLog", ["name"] = (string)backup["metadata"]!["name"]! } }));
        await ProcessedAsync(velero, "serverstatusrequests", await CreateAsync("serverstatusrequests", "ServerStatusRequest", new JsonObject()));
        var unavailable = await velero.CreateLocationAsync("no-such-bucket");
        await velero.WaitForAsync("backupstoragelocations", unavailable, l => (string?)l["status"]?["phase"] == "Unavailable");

        var objects = await AllVeleroObjectsAsync();

        objects.Select(o => (string?)o["kind"]).Distinct().ShouldBe(
            ["Backup", "Schedule", "DeleteBackupRequest", "DownloadRequest", "ServerStatusRequest", "BackupStorageLocation", "PodVolumeBackup"],
            ignoreOrder: true);
        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        ((string?)partial["status"]!["phase"]).ShouldBe("PartiallyFailed");
        ((string?)invalid["status"]!["phase"]).ShouldBe("FailedValidation");
        var violations = objects.SelectMany(o => CrdSchemaValidator.Validate(o).Select(v => $"{o["kind"]}/{o["metadata"]!["name"]}: {v}")).ToList();
        violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Bucket_VeleroBackupJson_ValidatesAgainstBackupCrd()
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));
        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = new JsonArray(ns) });
        var name = (string)backup["metadata"]!["name"]!;

        var stored = JsonNode.Parse(await _kit.ObjectAsync(velero.DefaultBucket, $"backups/{name}/velero-backup.json"))!.AsObject();

        CrdSchemaValidator.Validate(stored).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_ObjectBreakingTheSchema_ReportsEachViolation()
    {
        var backup = JsonNode.Parse("""
            {"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"b","anything":{"goes":1}},
             "spec":{"ttl":720,"includedNamespaces":null},
             "status":{"phase":"Done","startTimestamp":"yesterday","surprise":true}}
            """)!.AsObject();

        var violations = CrdSchemaValidator.Validate(backup);

        violations.ShouldContain(v => v.StartsWith("/spec/ttl:"));
        violations.ShouldContain(v => v.StartsWith("/status/phase:"));
        violations.ShouldContain(v => v.StartsWith("/status/startTimestamp:"));
        violations.ShouldContain("/status/surprise: field not declared in the CRD schema");
        violations.ShouldNotContain(v => v.StartsWith("/spec/includedNamespaces") || v.StartsWith("/metadata"));
    }

    [Fact]
    public void Validate_WellFormedSchedule_NoViolations() =>
        CrdSchemaValidator.Validate(JsonNode.Parse("""
            {"apiVersion":"velero.io/v1","kind":"Schedule","metadata":{"name":"s"},
             "spec":{"schedule":"0 3 * * *","paused":false,"template":{"ttl":"24h0m0s","excludedNamespaces":null}},
             "status":{"phase":"Enabled","lastBackup":"2026-05-20T03:00:00Z","lastSkipped":null}}
            """)!.AsObject()).ShouldBeEmpty();
}
