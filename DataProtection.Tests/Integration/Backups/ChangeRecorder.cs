using System.Threading.Channels;
using DataProtection.Core.Backups;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Backups;

/// <summary>Subscribes to a change feed and hands the changes to the test through a channel, in the order published.</summary>
public class FeedRecorder<T> : IDisposable
{
    private readonly Channel<T> _channel = Channel.CreateUnbounded<T>();
    private readonly IDisposable _subscription;

    public FeedRecorder(DataProtection.Core.Common.ChangeFeed<T> changes) =>
        _subscription = changes.Subscribe(c => _channel.Writer.WriteAsync(c).AsTask());

    public async Task<T> NextAsync(Func<T, bool> match, int seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            var change = await _channel.Reader.ReadAsync(timeout.Token).AsTask().DefaultTimeout(seconds + 5);
            if (match(change))
                return change;
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Records <see cref="BackupChanges"/>.</summary>
public sealed class ChangeRecorder(BackupChanges changes) : FeedRecorder<BackupChange>(changes)
{
    /// <summary>Every change of <paramref name="name"/> up to and including the first that satisfies <paramref name="last"/>.</summary>
    public async Task<List<BackupChange>> UntilAsync(string name, Func<BackupChange, bool> last, int seconds = 30)
    {
        var seen = new List<BackupChange>();
        do
            seen.Add(await NextAsync(c => c.Name == name && c.Phase != "", seconds));
        while (!last(seen[^1]));
        return seen;
    }
}
