using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>Everything one emulated cluster holds: its store, what it serves, and how it reads and writes.</summary>
internal sealed class ClusterState
{
    public ClusterState(TimeProvider time, TimeSpan bookmarkInterval, int historyCapacity = 10_000)
    {
        Time = time;
        BookmarkInterval = bookmarkInterval;
        Store = new ObjectStore(historyCapacity);
        Reader = new ObjectReader(Store, time);
        Writer = new ObjectWriter(Store, Registry, time);
    }

    public TimeProvider Time { get; }
    public TimeSpan BookmarkInterval { get; }
    public ObjectStore Store { get; }
    public ResourceRegistry Registry { get; } = new();
    public ObjectReader Reader { get; }
    public ObjectWriter Writer { get; }

    public void Load(JsonObject state)
    {
        Store.Load(state);
        lock (Store.Gate)
            Registry.Refresh(Store.Items(BuiltInResources.CustomResourceDefinitions.StoreKey, null).Select(kv => kv.Value).ToList());
    }
}
