namespace DataProtection.Sandbox;

/// <summary>One answered request. Verb is get, list, watch, create, update, patch, delete or deletecollection.</summary>
public sealed record RequestRecord(string Verb, string Path, string Query, int Status, long ResponseBytes, bool Paginated, string? Accept);

/// <summary>Per-cluster, thread-safe log of answered requests, for tests that assert how a client talks to the cluster.</summary>
public sealed class RequestAccounting
{
    private readonly List<RequestRecord> _records = [];

    public IReadOnlyList<RequestRecord> Snapshot()
    {
        lock (_records)
            return _records.ToList();
    }

    public int Count(Func<RequestRecord, bool> predicate)
    {
        lock (_records)
            return _records.Count(predicate);
    }

    public void Reset()
    {
        lock (_records)
            _records.Clear();
    }

    internal void Add(RequestRecord record)
    {
        lock (_records)
            _records.Add(record);
    }
}
