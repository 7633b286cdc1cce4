namespace DataProtection.Benchmarks.Inventory;

/// <summary>One timed run: wall time, the objects found, and what crossed the wire (from the sandbox's request accounting).</summary>
public sealed record Measurement(TimeSpan Elapsed, int Objects, int Requests, long ResponseBytes, int UnpaginatedLists);

public static class MeasurementStats
{
    public static Measurement Median(IReadOnlyList<Measurement> runs)
    {
        var ordered = runs.OrderBy(r => r.Elapsed).ToList();
        return ordered[ordered.Count / 2];
    }

    public static string Row(string who, IReadOnlyList<Measurement> runs)
    {
        var m = Median(runs);
        return $"| {who} | {m.Elapsed.TotalMilliseconds:F0} ms (min {runs.Min(r => r.Elapsed.TotalMilliseconds):F0}, max {runs.Max(r => r.Elapsed.TotalMilliseconds):F0}) | {m.Objects} | {m.Requests} | {m.ResponseBytes / 1024.0 / 1024.0:F1} MiB | {m.UnpaginatedLists} |";
    }
}
