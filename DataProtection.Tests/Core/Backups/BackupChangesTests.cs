using DataProtection.Core.Backups;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataProtection.Tests.Core.Backups;

public sealed class BackupChangesTests
{
    private static readonly BackupChange Change = new("c", "b", "InProgress", false, 1, 2);

    [Fact]
    public async Task PublishAsync_HandlerThrows_OthersStillReceive()
    {
        var changes = new BackupChanges(NullLogger<BackupChanges>.Instance);
        var received = new List<BackupChange>();
        using var failing = changes.Subscribe(_ => throw new InvalidOperationException("circuit gone"));
        using var working = changes.Subscribe(c => { received.Add(c); return Task.CompletedTask; });

        await changes.PublishAsync(Change);

        received.ShouldBe([Change]);
    }

    [Fact]
    public async Task Subscribe_Disposed_ReceivesNothingMore()
    {
        var changes = new BackupChanges(NullLogger<BackupChanges>.Instance);
        var count = 0;
        var subscription = changes.Subscribe(_ => { count++; return Task.CompletedTask; });

        await changes.PublishAsync(Change);
        subscription.Dispose();
        await changes.PublishAsync(Change);

        count.ShouldBe(1);
    }
}
