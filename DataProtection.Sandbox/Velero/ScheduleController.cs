using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// Velero's schedule controller. Schedules come from a watch; the loop reconciles them all whenever something changes (a
/// Schedule, or a Backup a Schedule made) and otherwise sleeps on <see cref="VeleroOptions.Time"/> until the next one is due.
/// </summary>
internal sealed class ScheduleController(KubeClient kube, VeleroOptions options, ILogger logger)
{
    private readonly ConcurrentDictionary<string, JsonObject> _schedules = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private static readonly TimeSpan MaxSleep = TimeSpan.FromDays(1);

    private string Collection => $"apis/velero.io/v1/namespaces/{options.Namespace}/schedules";

    public async Task RunAsync(CancellationToken ct)
    {
        var reconciler = new ScheduleReconciler(kube, options, Remember);
        var schedules = Watcher.RunAsync(kube, Collection, (type, schedule) =>
        {
            if (type == "DELETED")
                _schedules.TryRemove(Name(schedule), out _);
            else
                Remember(schedule);
            return Task.CompletedTask;
        }, logger, ct);
        // A finished scheduled backup may unblock a run that waited for it, as Velero skips runs while one is New or InProgress.
        var backups = Watcher.RunAsync(kube, $"apis/velero.io/v1/namespaces/{options.Namespace}/backups?labelSelector=velero.io%2Fschedule-name",
            (_, _) => Wake(), logger, ct);
        while (!ct.IsCancellationRequested)
        {
            DateTimeOffset? next = null;
            foreach (var schedule in _schedules.Values.ToList())
            {
                using var scope = logger.BeginScope("Schedule {Schedule}", Name(schedule));
                try
                {
                    if (await reconciler.ReconcileAsync(schedule, ct) is { } due && (next is null || due < next))
                        next = due;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad Schedule must not stop the others; the next change or due time retries it.
                    logger.LogWarning(e, "Reconciling schedule {Schedule} failed", Name(schedule));
                }
            }
            await SleepAsync(next, ct);
        }
        await Task.WhenAll(schedules, backups);
    }

    private static string Name(JsonObject schedule) => (string)schedule["metadata"]!["name"]!;

    /// <summary>Keeps the newest copy: a watch event may trail the object a patch already returned.</summary>
    private void Remember(JsonObject schedule)
    {
        _schedules.AddOrUpdate(Name(schedule), schedule, (_, known) => Version(schedule) >= Version(known) ? schedule : known);
        Wake();
    }

    private static long Version(JsonObject obj) =>
        long.TryParse((string?)obj["metadata"]?["resourceVersion"], out var version) ? version : long.MaxValue;

    private Task Wake()
    {
        _wake.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    /// <summary>Until woken or <paramref name="due"/>; the clock is read again after the timer is set, so an advance in between is not missed.</summary>
    private async Task SleepAsync(DateTimeOffset? due, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var waits = new List<Task> { _wake.Reader.ReadAsync(stop.Token).AsTask() };
        try
        {
            if (due is { } at)
            {
                var delay = at - options.Time.GetUtcNow();
                if (delay <= TimeSpan.Zero)
                    return;
                // Task.Delay refuses more than ~49 days; a yearly schedule simply wakes up on the way.
                waits.Add(Task.Delay(delay < MaxSleep ? delay : MaxSleep, options.Time, stop.Token));
                if (options.Time.GetUtcNow() >= at)
                    return;
            }
            await Task.WhenAny(waits);
        }
        finally
        {
            // A pending read left behind would swallow the next wake-up.
            await stop.CancelAsync();
            await Task.WhenAll(waits).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        ct.ThrowIfCancellationRequested();
    }
}
