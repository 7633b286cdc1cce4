using System.Diagnostics;

namespace DataProtection.Benchmarks.Backups;

/// <summary>Samples this process's working set and managed heap until disposed, keeping the peaks.</summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public MemorySampler(TimeSpan interval) => _run = RunAsync(interval, _stop.Token);

    public long PeakWorkingSet { get; private set; }

    public long PeakManagedHeap { get; private set; }

    /// <summary>The largest heap a collection left behind (GCMemoryInfo.HeapSizeBytes of the last GC): live data plus fragmentation.</summary>
    public long PeakHeapAfterGc { get; private set; }

    public int Samples { get; private set; }

    private async Task RunAsync(TimeSpan interval, CancellationToken ct)
    {
        using var process = Process.GetCurrentProcess();
        using var timer = new PeriodicTimer(interval);
        do
        {
            process.Refresh();
            PeakWorkingSet = Math.Max(PeakWorkingSet, process.WorkingSet64);
            PeakManagedHeap = Math.Max(PeakManagedHeap, GC.GetTotalMemory(forceFullCollection: false));
            PeakHeapAfterGc = Math.Max(PeakHeapAfterGc, GC.GetGCMemoryInfo().HeapSizeBytes);
            Samples++;
        }
        while (await timer.WaitForNextTickAsync(ct).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result));
    }

    public async ValueTask DisposeAsync()
    {
        if (_run.IsCompleted)
            return;
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
