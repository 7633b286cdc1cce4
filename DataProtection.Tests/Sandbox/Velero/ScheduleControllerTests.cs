using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using k8s;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Velero Schedules on a fake clock: validation, immediate and cron runs, time zones, pause, skipImmediately, owners.</summary>
public sealed class ScheduleControllerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 5, 20, 1, 58, 30, TimeSpan.Zero);
    private ScheduleSandbox _sandbox = null!;

    private static string Name(JsonObject obj) => (string)obj["metadata"]!["name"]!;

    private static JsonObject Spec(string cron, bool skipImmediately = false, JsonObject? template = null)
    {
        var spec = new JsonObject { ["schedule"] = cron, ["template"] = template ?? new JsonObject { ["includedNamespaces"] = new JsonArray("shop") } };
        if (skipImmediately)
            spec["skipImmediately"] = true;
        return spec;
    }

    /// <summary>Waits until the controller has consumed skipImmediately, so the clock is not moved under a reconcile.</summary>
    private Task<JsonObject> SkippedAsync(string name) =>
        _sandbox.WaitForScheduleAsync(name, s => (string?)s["status"]?["lastSkipped"] is not null && (bool?)s["spec"]?["skipImmediately"] == false);

    [Fact]
    public async Task Schedule_CronDue_BackupNamedForRunWithLabelsAndTemplate()
    {
        var template = new JsonObject
        {
            ["includedNamespaces"] = new JsonArray("shop"),
            ["ttl"] = "24h0m0s",
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "payments" } },
        };
        await _sandbox.CreateScheduleAsync("nightly", Spec("0 3 * * *", skipImmediately: true, template), new JsonObject { ["ignored"] = "own-label" });
        var skipped = await SkippedAsync("nightly");
        ((string?)skipped["status"]!["phase"]).ShouldBe("Enabled");
        ((string?)skipped["status"]!["lastSkipped"]).ShouldBe("2026-05-20T01:58:30Z");

        _sandbox.Time.SetUtcNow(new DateTimeOffset(2026, 5, 20, 3, 0, 0, TimeSpan.Zero));

        var backup = (await _sandbox.WaitForBackupsAsync("nightly", 1)).Single();
        Name(backup).ShouldBe("nightly-20260520030000");
        var labels = backup["metadata"]!["labels"]!.AsObject();
        ((string?)labels["velero.io/schedule-name"]).ShouldBe("nightly");
        ((string?)labels["team"]).ShouldBe("payments");
        labels.ContainsKey("ignored").ShouldBeFalse();
        ((string?)backup["spec"]!["ttl"]).ShouldBe("24h0m0s");
        backup["spec"]!["includedNamespaces"]!.AsArray().Select(n => (string?)n).ShouldBe(["shop"]);
        backup["metadata"]!["ownerReferences"].ShouldBeNull();
        var schedule = await _sandbox.WaitForScheduleAsync("nightly", s => (string?)s["status"]?["lastBackup"] is not null);
        ((string?)schedule["status"]!["lastBackup"]).ShouldBe("2026-05-20T03:00:00Z");
    }

    [Fact]
    public async Task Schedule_EveryHour_RunsOnCreationThenAfterAnHour()
    {
        await _sandbox.CreateScheduleAsync("hourly", Spec("@every 1h"));

        var first = await _sandbox.WaitForBackupsAsync("hourly", 1);
        await _sandbox.WaitForScheduleAsync("hourly", s => (string?)s["status"]?["lastBackup"] == "2026-05-20T01:58:30Z");
        _sandbox.Time.Advance(TimeSpan.FromHours(1));
        var both = await _sandbox.WaitForBackupsAsync("hourly", 2);

        Name(first.Single()).ShouldBe("hourly-20260520015830");
        both.Select(Name).ShouldBe(["hourly-20260520015830", "hourly-20260520025830"]);
    }

    [Fact]
    public async Task Schedule_CronTz_FiresAtZoneWallClock()
    {
        await _sandbox.CreateScheduleAsync("ny", Spec("CRON_TZ=America/New_York 30 2 * * *", skipImmediately: true));
        await SkippedAsync("ny");

        // 02:30 in New York (EDT) is 06:30 UTC; 02:30 UTC must not fire.
        _sandbox.Time.SetUtcNow(new DateTimeOffset(2026, 5, 20, 6, 30, 0, TimeSpan.Zero));

        Name((await _sandbox.WaitForBackupsAsync("ny", 1)).Single()).ShouldBe("ny-20260520063000");
    }

    [Fact]
    public async Task Schedule_Paused_NoBackupUntilUnpaused()
    {
        var spec = Spec("*/5 * * * *");
        spec["paused"] = true;
        await _sandbox.CreateScheduleAsync("paused", spec);
        // A later schedule's runs prove the controller has passed over the paused one, before and after the clock moves.
        await _sandbox.CreateScheduleAsync("witness", Spec("*/5 * * * *"));
        await _sandbox.WaitForBackupsAsync("witness", 1);
        await _sandbox.WaitForScheduleAsync("witness", s => (string?)s["status"]?["lastBackup"] is not null);
        _sandbox.Time.SetUtcNow(new DateTimeOffset(2026, 5, 20, 2, 5, 0, TimeSpan.Zero));
        await _sandbox.WaitForBackupsAsync("witness", 2);

        (await _sandbox.BackupsAsync("paused")).ShouldBeEmpty();
        var paused = await _sandbox.WaitForScheduleAsync("paused", _ => true);
        paused["status"].ShouldBeNull();

        await _sandbox.PatchScheduleAsync("paused", new JsonObject { ["spec"] = new JsonObject { ["paused"] = false } });

        Name((await _sandbox.WaitForBackupsAsync("paused", 1)).Single()).ShouldBe("paused-20260520020500");
    }

    [Fact]
    public async Task Schedule_SkipImmediately_NoBackupOnCreation()
    {
        await _sandbox.CreateScheduleAsync("skipper", Spec("*/5 * * * *", skipImmediately: true));
        await _sandbox.CreateScheduleAsync("witness", Spec("0 0 1 1 *"));
        await _sandbox.WaitForBackupsAsync("witness", 1);
        await SkippedAsync("skipper");

        (await _sandbox.BackupsAsync("skipper")).ShouldBeEmpty();
        _sandbox.Time.SetUtcNow(new DateTimeOffset(2026, 5, 20, 2, 0, 0, TimeSpan.Zero));
        Name((await _sandbox.WaitForBackupsAsync("skipper", 1)).Single()).ShouldBe("skipper-20260520020000");
    }

    [Fact]
    public async Task Schedule_UnpausedWithSkipImmediately_WaitsForNextCronTime()
    {
        var spec = Spec("0 * * * *");
        spec["paused"] = true;
        await _sandbox.CreateScheduleAsync("resumed", spec);

        await _sandbox.PatchScheduleAsync("resumed", new JsonObject { ["spec"] = new JsonObject { ["paused"] = false, ["skipImmediately"] = true } });

        var skipped = await SkippedAsync("resumed");
        ((string?)skipped["status"]!["lastSkipped"]).ShouldBe("2026-05-20T01:58:30Z");
        (await _sandbox.BackupsAsync("resumed")).ShouldBeEmpty();
        _sandbox.Time.SetUtcNow(new DateTimeOffset(2026, 5, 20, 2, 0, 0, TimeSpan.Zero));
        Name((await _sandbox.WaitForBackupsAsync("resumed", 1)).Single()).ShouldBe("resumed-20260520020000");
    }

    [Fact]
    public async Task Schedule_UseOwnerReferences_BackupOwnedBySchedule()
    {
        var spec = Spec("@daily");
        spec["useOwnerReferencesInBackup"] = true;
        var schedule = await _sandbox.CreateScheduleAsync("owned", spec);

        var owner = (await _sandbox.WaitForBackupsAsync("owned", 1)).Single()["metadata"]!["ownerReferences"]!.AsArray().Single()!;

        ((string?)owner["apiVersion"]).ShouldBe("velero.io/v1");
        ((string?)owner["kind"]).ShouldBe("Schedule");
        ((string?)owner["name"]).ShouldBe("owned");
        ((string?)owner["uid"]).ShouldBe((string?)schedule["metadata"]!["uid"]);
        ((bool?)owner["controller"]).ShouldBe(true);
    }

    [Fact]
    public async Task Schedule_BackupOfRunExists_NotCreatedTwice()
    {
        var existing = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Backup",
            ["metadata"] = new JsonObject
            {
                ["name"] = "again-20260520015830",
                ["labels"] = new JsonObject { ["velero.io/schedule-name"] = "again", ["made-by"] = "test" },
            },
            ["spec"] = new JsonObject(),
        };
        await _sandbox.Client.CustomObjects.CreateNamespacedCustomObjectAsync(existing, "velero.io", "v1", VeleroFixture.Namespace, "backups").DefaultTimeout();
        await _sandbox.WaitForBackupsAsync("again", 1);

        await _sandbox.CreateScheduleAsync("again", Spec("@hourly"));

        await _sandbox.WaitForScheduleAsync("again", s => (string?)s["status"]?["lastBackup"] == "2026-05-20T01:58:30Z");
        var backup = (await _sandbox.BackupsAsync("again")).Single();
        ((string?)backup["metadata"]!["labels"]!["made-by"]).ShouldBe("test");
    }

    [Fact]
    public async Task Schedule_PreviousBackupInProgress_WaitsForItToFinish()
    {
        // A finished backup shows the backup controller past its start-up, where it fails backups left InProgress.
        await _sandbox.CreateScheduleAsync("witness-0", Spec("@yearly"));
        await _sandbox.WaitForBackupsAsync("witness-0", 1);
        // Created with its status (Velero's CRDs have no status subresource), so the backup controller leaves it alone.
        var blocker = JsonNode.Parse("""
            {"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"blocker","labels":{"velero.io/schedule-name":"busy"}},
             "spec":{},"status":{"phase":"InProgress"}}
            """)!;
        await _sandbox.Client.CustomObjects.CreateNamespacedCustomObjectAsync(blocker, "velero.io", "v1", VeleroFixture.Namespace, "backups").DefaultTimeout();
        await _sandbox.CreateScheduleAsync("busy", Spec("@hourly"));
        // Each witness runs in a later pass of the controller's loop than the one that saw "busy" due.
        foreach (var witness in new[] { "witness-1", "witness-2" })
        {
            await _sandbox.CreateScheduleAsync(witness, Spec("@yearly"));
            await _sandbox.WaitForScheduleAsync(witness, s => (string?)s["status"]?["lastBackup"] is not null);
        }

        (await _sandbox.BackupsAsync("busy")).Select(Name).ShouldBe(["blocker"]);
        await _sandbox.Client.CustomObjects.PatchNamespacedCustomObjectAsync(new k8s.Models.V1Patch("""{"status":{"phase":"Completed"}}""",
            k8s.Models.V1Patch.PatchType.MergePatch), "velero.io", "v1", VeleroFixture.Namespace, "backups", "blocker").DefaultTimeout();

        (await _sandbox.WaitForBackupsAsync("busy", 2)).Select(Name).ShouldBe(["blocker", "busy-20260520015830"]);
    }

    [Fact]
    public async Task Schedule_InvalidCronAndTemplate_FailedValidationWithVeleroMessages()
    {
        var template = new JsonObject
        {
            ["includedResources"] = new JsonArray("configmaps"),
            ["includedNamespaceScopedResources"] = new JsonArray("secrets"),
        };
        await _sandbox.CreateScheduleAsync("broken", Spec("0 25 * * *", template: template));

        var schedule = await _sandbox.WaitForScheduleAsync("broken", s => (string?)s["status"]?["phase"] is not null);

        ((string?)schedule["status"]!["phase"]).ShouldBe("FailedValidation");
        schedule["status"]!["validationErrors"]!.AsArray().Select(e => (string?)e).ShouldBe([
            "invalid schedule: end of range (25) above maximum (23): 25",
            DataProtection.Sandbox.Velero.ScopedResourceFilter.MixedMessage]);
        (await _sandbox.BackupsAsync("broken")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Schedule_EmptyCron_FailedValidation()
    {
        await _sandbox.CreateScheduleAsync("empty", new JsonObject { ["schedule"] = "", ["template"] = new JsonObject() });

        var schedule = await _sandbox.WaitForScheduleAsync("empty", s => (string?)s["status"]?["phase"] is not null);

        schedule["status"]!["validationErrors"]!.AsArray().Select(e => (string?)e).ShouldBe(["Schedule must be a non-empty valid Cron expression"]);
    }

    public async Task InitializeAsync() => _sandbox = await ScheduleSandbox.StartAsync(Start);

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();
}
