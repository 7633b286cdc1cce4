using System.Text.Json.Nodes;
using DataProtection.Core.Backups;

namespace DataProtection.Tests.Core.Backups;

/// <summary>Reading real Backups, as a Velero 1.10 server wrote them (shared/velero/examples, e2e debug bundle).</summary>
public sealed class BackupObjectTests
{
    private const string Bundle = "/work/shared/velero/examples/real-e2e-debug-bundle-2022/backups-202211290815.5634.json";

    private static JsonObject Real(string name) =>
        JsonNode.Parse(File.ReadAllText(Bundle))!["items"]!.AsArray().OfType<JsonObject>().Single(b => (string?)b["metadata"]!["name"] == name);

    [Fact]
    public void Apply_CompletedBackup_ReadsTimesProgressAndScope()
    {
        var record = new BackupRecord();

        BackupObject.Apply(Real("backup-1"), record);

        (record.Name, record.Namespace, record.Uid, record.Phase).ShouldBe(("backup-1", "velero", "58c14a41-899d-450c-873e-68ac29a7f355", "Completed"));
        record.StartedUtc.ShouldBe(new DateTime(2022, 11, 29, 7, 29, 44, DateTimeKind.Utc));
        record.CompletedUtc.ShouldBe(new DateTime(2022, 11, 29, 7, 29, 50, DateTimeKind.Utc));
        record.ExpiresUtc.ShouldBe(new DateTime(2022, 12, 29, 7, 29, 44, DateTimeKind.Utc));
        record.CreatedUtc.Kind.ShouldBe(DateTimeKind.Utc);
        (record.ItemsBackedUp, record.TotalItems).ShouldBe((2, 2));
        record.Scope.ShouldBe("ns: all; resources: crd; labels: for=backup");
        record.StorageLocation.ShouldBe("default");
        record.Schedule.ShouldBeNull();
    }

    [Fact]
    public void Apply_PartiallyFailedBackup_CountsErrors()
    {
        var record = new BackupRecord();

        BackupObject.Apply(Real("backup-db3fd5e0-fc2c-44fc-8c0b-78df506114d1"), record);

        (record.Phase, record.Errors, record.Warnings).ShouldBe(("PartiallyFailed", 2, 0));
    }

    [Fact]
    public void Apply_NewBackupWithoutStatus_IsNewWithScheduleAndRequester()
    {
        var backup = JsonNode.Parse("""
            {"metadata":{"name":"nightly-20261126","namespace":"velero","uid":"u1","creationTimestamp":"2026-11-26T01:00:00Z",
              "labels":{"velero.io/schedule-name":"nightly"},"annotations":{"dataprotection.io/requested-by":"alice"}},
             "spec":{"includedNamespaces":["shop","db"],"excludedNamespaces":["kube-system"]}}
            """)!.AsObject();
        var record = new BackupRecord();

        BackupObject.Apply(backup, record);

        (record.Phase, record.Schedule, record.RequestedBy).ShouldBe(("New", "nightly", "alice"));
        record.Scope.ShouldBe("ns: shop, db; except: kube-system");
        (record.StartedUtc, record.ItemsBackedUp, record.QueuePosition).ShouldBe((null, null, null));
    }

    [Theory]
    [InlineData(null, "New")]
    [InlineData("", "New")]
    [InlineData("Queued", "Queued")]
    [InlineData("SomethingNewInVelero2", "SomethingNewInVelero2")]
    public void Of_PhaseAsWritten_MissingIsNewUnknownKeptRaw(string? phase, string expected) =>
        BackupPhases.Of(phase).ShouldBe(expected);
}
