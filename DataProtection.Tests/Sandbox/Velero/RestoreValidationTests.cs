using System.Text.Json.Nodes;
using static DataProtection.Tests.Sandbox.Velero.RestoreTestKit;

namespace DataProtection.Tests.Sandbox.Velero;

[Collection(VeleroCollection.Name)]
public sealed class RestoreValidationTests(VeleroFixture velero)
{
    private readonly RestoreTestKit _kit = new(velero);

    public static TheoryData<string, string> BadSpecs => new()
    {
        { "{}", "Either a backup or schedule must be specified as a source for the restore, but not both" },
        { """{"backupName":"b","scheduleName":"s"}""", "Either a backup or schedule must be specified as a source for the restore, but not both" },
        { """{"backupName":"no-such-backup"}""", "Error retrieving backup: can't find backup velero/no-such-backup: backups.velero.io \"no-such-backup\" not found" },
        { """{"scheduleName":"no-such-schedule"}""", "No backups found for schedule" },
        { """{"scheduleName":"no-such-schedule"}""", "No completed backups found for schedule" },
        { """{"backupName":"b","labelSelector":{"matchLabels":{"a":"b"}},"orLabelSelectors":[{"matchLabels":{"c":"d"}}]}""",
            "encountered labelSelector as well as orLabelSelectors in restore spec, only one can be specified" },
        { """{"backupName":"b","includedNamespaces":["a","b"],"excludedNamespaces":["b"]}""",
            "Invalid included/excluded namespace lists: excludes list cannot contain an item in the includes list: b" },
        { """{"backupName":"b","includedResources":["configmaps"],"excludedResources":["configmaps"]}""",
            "Invalid included/excluded resource lists: excludes list cannot contain an item in the includes list: configmaps" },
        { """{"backupName":"b","includedResources":["nodes"]}""", "nodes are non-restorable resources" },
        { """{"backupName":"b","existingResourcePolicy":"replace"}""", "Invalid ExistingResourcePolicy: replace" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public async Task Restore_BadSpec_FailedValidationAndNothingWritten(string spec, string message)
    {
        var restore = await _kit.RunAsync(JsonNode.Parse(spec)!.AsObject());

        ((string?)restore["status"]!["phase"]).ShouldBe("FailedValidation");
        restore["status"]!["validationErrors"]!.AsArray().Select(e => (string)e!).ShouldContain(message);
        restore["status"]!["startTimestamp"].ShouldBeNull();
        (await _kit.Backups.KeysAsync(velero.DefaultBucket, $"restores/{Name(restore)}/")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Restore_ScheduleWithOnlyFailedBackups_NoCompletedBackups()
    {
        var schedule = $"s-{Guid.NewGuid().ToString("N")[..8]}";
        await new RestoreSources(velero).CreateBackupObjectAsync(schedule, "Failed", DateTimeOffset.UtcNow);

        var restore = await _kit.RunAsync(new JsonObject { ["scheduleName"] = schedule });

        ((string?)restore["status"]!["phase"]).ShouldBe("FailedValidation");
        restore["status"]!["validationErrors"]!.AsArray().Select(e => (string)e!).ShouldBe(["No completed backups found for schedule"]);
    }

    [Fact]
    public async Task Restore_BackupLocationUnavailable_FailedValidation()
    {
        var location = await velero.CreateLocationAsync("no-such-bucket");
        await velero.WaitForAsync("backupstoragelocations", location, l => (string?)l["status"]?["phase"] == "Unavailable");
        var backup = await new RestoreSources(velero).CreateBackupObjectAsync(schedule: null, "Completed", DateTimeOffset.UtcNow, location);

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = backup });

        ((string?)restore["status"]!["phase"]).ShouldBe("FailedValidation");
        restore["status"]!["validationErrors"]!.AsArray().Select(e => (string)e!).ShouldBe([$"The BSL {location} is unavailable, cannot retrieve the backup"]);
    }

    [Fact]
    public async Task Restore_InvalidLabelSelector_PartiallyFailedWithVeleroError()
    {
        var (ns, backup) = await _kit.BackedUpNamespaceAsync();
        await DeleteNamespaceAsync(velero.Client, ns);

        // Velero parses the selector only when the restore runs, so a bad one is an error of the run, not a validation error.
        var restore = await _kit.RunAsync(new JsonObject
        {
            ["backupName"] = backup,
            ["labelSelector"] = JsonNode.Parse("""{"matchExpressions":[{"key":"app","operator":"In"}]}"""),
        });

        ((string?)restore["status"]!["phase"]).ShouldBe("PartiallyFailed");
        ((int)restore["status"]!["errors"]!).ShouldBe(1);
        var results = await _kit.RestoreFileAsync(restore, "restore-<r>-results.gz");
        ((string?)results["errors"]!["velero"]![0]).ShouldNotBeNullOrEmpty();
        (await ReadNamespaceAsync(velero.Client, ns)).ShouldBeNull();
    }

    [Fact]
    public async Task Restore_BackupNotCompleted_FailedDownloadingBackup()
    {
        var backup = await new RestoreSources(velero).CreateBackupObjectAsync(schedule: null, "Failed", DateTimeOffset.UtcNow);

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = backup });

        ((string?)restore["status"]!["phase"]).ShouldBe("Failed");
        ((string?)restore["status"]!["failureReason"]).ShouldStartWith("error downloading backup: ");
        restore["status"]!["completionTimestamp"].ShouldNotBeNull();
        (await _kit.Backups.KeysAsync(velero.DefaultBucket, $"restores/{Name(restore)}/")).ShouldBeEmpty();
    }
}
