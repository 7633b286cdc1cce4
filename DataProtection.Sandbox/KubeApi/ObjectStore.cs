using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace DataProtection.Sandbox.KubeApi;

internal sealed record StoreEvent(long ResourceVersion, string Type, string StoreKey, JsonObject Object, JsonObject? Previous);

/// <summary>
/// One cluster's objects, its resourceVersion counter and a bounded change history for watches.
/// Callers hold <see cref="Gate"/> around every read-modify-write; stored objects are never mutated, only replaced.
/// </summary>
internal sealed class ObjectStore(int historyCapacity)
{
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly Queue<StoreEvent> _history = new();
    private readonly List<Watcher> _watchers = [];
    private long _resourceVersion;
    private long _floor;

    public object Gate { get; } = new();

    public long ResourceVersion => Interlocked.Read(ref _resourceVersion);

    /// <summary>The oldest resourceVersion a watch or continue token may still refer to.</summary>
    public long HistoryFloor { get { lock (Gate) return _floor; } }

    public event Action<StoreEvent>? Changed;

    public static string Key(string? ns, string name) => ns is null ? name : $"{ns}/{name}";

    public static string KeyOf(JsonObject obj) => Key((string?)obj["metadata"]?["namespace"], (string)obj["metadata"]!["name"]!);

    public JsonObject? Find(string storeKey, string? ns, string name) =>
        _objects.TryGetValue(storeKey, out var bucket) && bucket.TryGetValue(Key(ns, name), out var obj) ? obj : null;

    public IEnumerable<KeyValuePair<string, JsonObject>> Items(string storeKey, string? ns) =>
        !_objects.TryGetValue(storeKey, out var bucket) ? []
        : ns is null ? bucket
        : bucket.Where(kv => kv.Key.StartsWith(ns + "/", StringComparison.Ordinal));

    public IEnumerable<(string StoreKey, JsonObject Object)> InNamespace(string ns) =>
        _objects.SelectMany(b => b.Value.Where(kv => kv.Key.StartsWith(ns + "/", StringComparison.Ordinal)).Select(kv => (b.Key, kv.Value)))
            .ToList();

    public long NextVersion() => Interlocked.Increment(ref _resourceVersion);

    public void Put(string storeKey, JsonObject obj, JsonObject? previous)
    {
        Materialize(obj);
        if (!_objects.TryGetValue(storeKey, out var bucket))
            _objects[storeKey] = bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        bucket[KeyOf(obj)] = obj;
        Record(new StoreEvent(Version(obj), previous is null ? "ADDED" : "MODIFIED", storeKey, obj, previous));
    }

    public void Remove(string storeKey, JsonObject finalState, JsonObject previous)
    {
        Materialize(finalState);
        _objects[storeKey].Remove(KeyOf(previous));
        Record(new StoreEvent(Version(finalState), "DELETED", storeKey, finalState, previous));
    }

    /// <summary>Registers a watcher and replays what happened after <paramref name="fromVersion"/> (null: nothing).</summary>
    public Watcher Subscribe(string storeKey, long? fromVersion)
    {
        if (fromVersion < _floor)
            throw KubeApiException.Expired($"too old resource version: {fromVersion} ({_floor + 1})");
        var watcher = new Watcher(this, storeKey);
        if (fromVersion is { } from)
            foreach (var e in _history.Where(e => e.ResourceVersion > from && e.StoreKey == storeKey))
                watcher.Channel.Writer.TryWrite(e);
        _watchers.Add(watcher);
        return watcher;
    }

    public void Compact()
    {
        lock (Gate)
        {
            _history.Clear();
            _floor = _resourceVersion;
        }
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("resourceVersion", _resourceVersion);
        writer.WriteStartObject("objects");
        foreach (var (storeKey, bucket) in _objects)
        {
            writer.WriteStartArray(storeKey);
            foreach (var obj in bucket.Values)
                obj.WriteTo(writer);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Loads a saved state; history before it is gone, so older versions are expired.</summary>
    public void Load(JsonObject state)
    {
        lock (Gate)
        {
            _resourceVersion = (long)state["resourceVersion"]!;
            _floor = _resourceVersion;
            foreach (var (storeKey, items) in (JsonObject)state["objects"]!)
            {
                var bucket = _objects[storeKey] = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
                foreach (var obj in ((JsonArray)items!).OfType<JsonObject>())
                    bucket[KeyOf(obj)] = (JsonObject)obj.DeepClone();
            }
        }
    }

    private void Record(StoreEvent e)
    {
        _history.Enqueue(e);
        while (_history.Count > historyCapacity)
            _floor = _history.Dequeue().ResourceVersion;
        foreach (var watcher in _watchers.Where(w => w.StoreKey == e.StoreKey))
            watcher.Channel.Writer.TryWrite(e);
        Changed?.Invoke(e);
    }

    private static long Version(JsonObject obj) => long.Parse((string)obj["metadata"]!["resourceVersion"]!);

    /// <summary>Forces lazily parsed nodes to build now, so concurrent readers never race on first access.</summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o) Materialize(child);
                break;
            case JsonArray a:
                foreach (var child in a) Materialize(child);
                break;
        }
    }

    internal sealed class Watcher(ObjectStore store, string storeKey) : IDisposable
    {
        public string StoreKey { get; } = storeKey;
        public Channel<StoreEvent> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<StoreEvent>();

        public void Dispose()
        {
            lock (store.Gate) store._watchers.Remove(this);
        }
    }
}
