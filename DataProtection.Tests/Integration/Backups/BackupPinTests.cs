using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using Microsoft.Extensions.Time.Testing;

namespace DataProtection.Tests.Integration.Backups;

/// <summary>Pin and unpin against Velero's garbage collection, with the sandbox's Velero (and S3) on a fake clock.</summary>
public sealed class BackupPinTests : IAsyncLifetime
{
    private static readonly Actor Operator = new("olivia", Roles.Operator, AuditSource.UI);
    // Near the real time, so requests signed by the real clock during setup are within S3's allowed skew.
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private readonly FakeTimeProvider _veleroTime = new(Start);
    private readonly AppFactory _app = new(SubmissionSandbox.AppSettings);
    private SubmissionSandbox _sandbox = null!;

    private BackupPinService Pins => _app.Service<BackupPinService>();

    public async Task InitializeAsync()
    {
        _sandbox = await SubmissionSandbox.StartAsync(_veleroTime);
        await _sandbox.RegisterAsync(_app);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task PinBackupAsync_PastTtl_PinnedSurvivesUnpinnedCollectedThenUnpinCollectsIt()
    {
        // Arrange: two completed backups with a one-hour TTL.
        var keep = await CompletedBackupAsync("keep");
        var drop = await CompletedBackupAsync("drop");
        var original = (string)keep["status"]!["expiration"]!;
        ((string?)keep["status"]!["phase"]).ShouldBe("Completed");

        // Act: pin one, then move Velero's clock past the TTL and a garbage-collection period.
        var pinned = await Pins.PinBackupAsync(Operator, SubmissionSandbox.Cluster, "keep", CancellationToken.None).DefaultTimeout();
        var again = await Pins.PinBackupAsync(Operator, SubmissionSandbox.Cluster, "keep", CancellationToken.None).DefaultTimeout();
        var patched = (await _sandbox.GetBackupAsync("keep"))!;
        var record = await SubmissionSandbox.RecordAsync(_app, "keep", r => r.Pinned);
        _veleroTime.SetUtcNow(Start.AddHours(1).AddMinutes(2));
        await VeleroFixture.WaitAsync(async () => await _sandbox.GetBackupAsync("drop") is null ? "gone" : null, 60);

        // Assert
        (pinned.Pinned, pinned.OriginalExpiration).ShouldBe((true, DateTimeOffset.Parse(original).UtcDateTime));
        pinned.Expiration!.Value.ShouldBeGreaterThan(_app.Time.GetUtcNow().UtcDateTime.AddYears(99));
        again.ShouldBe(pinned);
        CrdSchemaValidator.Validate(patched).ShouldBeEmpty();
        ((string?)patched["metadata"]!["labels"]![BackupPinService.PinnedLabel]).ShouldBe("true");
        ((string?)patched["metadata"]!["annotations"]![BackupPinService.OriginalExpirationAnnotation]).ShouldBe(original);
        DateTimeOffset.Parse((string)patched["status"]!["expiration"]!).UtcDateTime.ShouldBe(pinned.Expiration.Value);
        record.ExpiresUtc.ShouldBe(pinned.Expiration);
        ((string?)drop["status"]!["phase"]).ShouldBe("Completed");
        (await _sandbox.GetBackupAsync("keep")).ShouldNotBeNull();

        // Unpinned after its original expiry (on the dashboard's clock too): warned, and collected at the next run.
        _app.Time.SetUtcNow(Start.AddHours(1).AddMinutes(2));
        var unpinned = await Pins.UnpinBackupAsync(Operator, SubmissionSandbox.Cluster, "keep", CancellationToken.None).DefaultTimeout();
        var restored = (await _sandbox.GetBackupAsync("keep"))!;
        (await SubmissionSandbox.RecordAsync(_app, "keep", r => !r.Pinned)).ExpiresUtc.ShouldBe(DateTimeOffset.Parse(original).UtcDateTime);
        _veleroTime.SetUtcNow(Start.AddHours(1).AddMinutes(4));
        await VeleroFixture.WaitAsync(async () => await _sandbox.GetBackupAsync("keep") is null ? "gone" : null, 60);

        (unpinned.Pinned, unpinned.Expiration).ShouldBe((false, DateTimeOffset.Parse(original).UtcDateTime));
        unpinned.Warning!.ShouldContain("has passed");
        ((string?)restored["status"]!["expiration"]).ShouldBe(original);
        restored["metadata"]!["labels"]?[BackupPinService.PinnedLabel].ShouldBeNull();
        restored["metadata"]!["annotations"]?[BackupPinService.OriginalExpirationAnnotation].ShouldBeNull();
    }

    [Fact]
    public async Task PinBackupAsync_Viewer_DeniedAndNothingChanged()
    {
        var backup = await CompletedBackupAsync("viewed");

        await Should.ThrowAsync<ForbiddenException>(Pins.PinBackupAsync(BackupsFixture.Viewer, SubmissionSandbox.Cluster, "viewed", CancellationToken.None).DefaultTimeout());

        ((string?)(await _sandbox.GetBackupAsync("viewed"))!["status"]!["expiration"]).ShouldBe((string?)backup["status"]!["expiration"]);
    }

    [Fact]
    public async Task PinBackupAsync_Missing_NotFound() =>
        await Should.ThrowAsync<NotFoundException>(Pins.PinBackupAsync(Operator, SubmissionSandbox.Cluster, "nope", CancellationToken.None).DefaultTimeout());

    private async Task<JsonObject> CompletedBackupAsync(string name)
    {
        await _sandbox.Client().CoreV1.CreateNamespaceAsync(new() { Metadata = new() { Name = name } }).DefaultTimeout();
        await _app.Service<BackupSubmissionService>().SubmitBackupAsync(Operator, SubmissionSandbox.Cluster, name,
            new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = [name], Ttl = TimeSpan.FromHours(1) }, CancellationToken.None).DefaultTimeout();
        (await SubmissionSandbox.SubmissionAsync(_app, name, s => s.State != SubmissionState.Pending)).State.ShouldBe(SubmissionState.Created);
        return await _sandbox.WaitForBackupAsync(name, b => (string?)b["status"]?["phase"] is "Completed" or "PartiallyFailed" or "Failed");
    }
}
