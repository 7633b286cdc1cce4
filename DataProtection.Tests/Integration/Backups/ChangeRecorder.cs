using System.Threading.Channels;
using DataProtection.Core.Backups;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Backups;

/// <summary>Subscribes to <see cref="BackupChanges"/> and hands the changes to the test through a channel, in the order published.</summary>
public sealed class ChangeRecorder : IDisposable
{
    private readonly Channel<BackupChange> _channel = Channel.CreateUnbounded<BackupChange>();
    private readonly IDisposable _subscription;

    public ChangeRecorder(BackupChanges changes) =>
        _subscription = changes.Subscribe(c => _channel.Writer.WriteAsync(c).AsTask());

    public async Task<BackupChange> NextAsync(Func<BackupChange, bool> match, int seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            var change = await _channel.Reader.ReadAsync(timeout.Token).AsTask().DefaultTimeout(seconds + 5);
            if (match(change))
                return change;
        }
    }

    /// <summary>Every change of <paramref name="name"/> up to and including the first that satisfies <paramref name="last"/>.</summary>
    public async Task<List<BackupChange>> UntilAsync(string name, Func<BackupChange, bool> last, int seconds = 30)
    {
        var seen = new List<BackupChange>();
        do
            seen.Add(await NextAsync(c => c.Name == name && c.Phase != "", seconds));
        while (!last(seen[^1]));
        return seen;
    }

    public void Dispose() => _subscription.Dispose();
}
