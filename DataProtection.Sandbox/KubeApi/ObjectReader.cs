using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

internal sealed record ListQuery(LabelSelector Labels, FieldSelector Fields, int? Limit, string? Continue)
{
    public bool Matches(JsonObject obj) => Labels.Matches(obj["metadata"]?["labels"] as JsonObject) && Fields.Matches(obj);
}

internal sealed record ListResult(IReadOnlyList<JsonObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);

internal sealed class ObjectReader(ObjectStore store, TimeProvider time)
{
    public JsonObject Get(ResourceType type, string? ns, string name)
    {
        lock (store.Gate)
            return store.Find(type.StoreKey, ns, name) ?? throw KubeApiException.NotFound(type, name);
    }

    /// <summary>Lists in key order; a page ends with a continue token that resumes after the last key at the same list version.</summary>
    public ListResult List(ResourceType type, string? ns, ListQuery query)
    {
        lock (store.Gate)
        {
            var token = query.Continue is { Length: > 0 } text ? ContinueToken.Decode(text, time.GetUtcNow(), store.HistoryFloor) : null;
            var listVersion = token?.ResourceVersion ?? store.ResourceVersion;
            var matching = store.Items(type.StoreKey, ns)
                .Where(kv => token is null || string.CompareOrdinal(kv.Key, token.LastKey) > 0)
                .Where(kv => query.Matches(kv.Value));
            if (query.Limit is not ({ } limit and > 0))
                return new ListResult(matching.Select(kv => kv.Value).ToList(), listVersion, null, null);
            var page = matching.Take(limit + 1).ToList();
            if (page.Count <= limit)
                return new ListResult(page.Select(kv => kv.Value).ToList(), listVersion, null, null);
            page.RemoveAt(limit);
            var remaining = matching.LongCount() - limit;
            var next = new ContinueToken(listVersion, page[^1].Key, token?.IssuedAt ?? time.GetUtcNow());
            return new ListResult(page.Select(kv => kv.Value).ToList(), listVersion, next.Encode(), remaining);
        }
    }
}
