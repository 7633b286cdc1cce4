using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Common;

/// <summary>
/// Cross-user notifier: a watch publishes, open pages subscribe and re-render. Handlers run on the publisher's thread,
/// so Blazor components marshal with InvokeAsync; one failing handler does not stop the others.
/// </summary>
public abstract class ChangeFeed<T>(ILogger logger)
{
    private readonly Lock _lock = new();
    private IReadOnlyList<Func<T, Task>> _handlers = [];

    public IDisposable Subscribe(Func<T, Task> handler)
    {
        lock (_lock)
            _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    public async Task PublishAsync(T change)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                await handler(change);
            }
            catch (Exception ex)
            {
                // A closing circuit's handler may throw; the other subscribers still get the change.
                logger.LogDebug(ex, "A change handler failed for {Change}", change);
            }
        }
    }

    private void Unsubscribe(Func<T, Task> handler)
    {
        lock (_lock)
            _handlers = [.. _handlers.Where(h => h != handler)];
    }

    private sealed class Subscription(ChangeFeed<T> owner, Func<T, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(handler);
    }
}
