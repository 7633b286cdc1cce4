using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>A watch: one compact JSON event per line, flushed per event, until timeoutSeconds or the client leaves.</summary>
internal static class WatchStream
{
    public static async Task RunAsync(KubeRequest request, ResourceTarget target)
    {
        request.Verb = "watch";
        var query = ResourceHandlers.ParseQuery(request);
        var store = request.Cluster.Store;
        var rv = request.Query("resourceVersion");
        long? from = rv is null or "" or "0" ? null
            : long.TryParse(rv, out var parsed) ? parsed : throw KubeApiException.BadRequest($"invalid resource version: {rv}");
        var table = Representations.FromAccept(request.Accept) == Representation.Table;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.Aborted, request.Stopping);
        if (int.TryParse(request.Query("timeoutSeconds"), out var seconds) && seconds > 0)
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));

        List<JsonObject> initial = [];
        ObjectStore.Watcher? watcher = null;
        KubeApiException? expired = null;
        lock (store.Gate)
        {
            try
            {
                watcher = store.Subscribe(target.Type.StoreKey, from);
                if (from is null)
                    initial = store.Items(target.Type.StoreKey, target.Namespace).Select(kv => kv.Value).Where(query.Matches).ToList();
            }
            catch (KubeApiException e) when (e.Code == 410)
            {
                expired = e;
            }
        }

        var http = request.Http;
        http.Response.StatusCode = 200;
        http.Response.ContentType = table ? Representations.TableContentType : "application/json";
        http.Response.Headers.CacheControl = "no-cache, private";
        await http.Response.StartAsync(request.Aborted);
        if (expired is not null)
        {
            await SendAsync(http, "ERROR", expired.ToStatus(), timeout.Token);
            return;
        }
        using (watcher)
        {
            try
            {
                foreach (var obj in initial)
                    await SendAsync(http, "ADDED", Render(request, target, obj, table), timeout.Token);
                await PumpAsync(request, target, query, watcher!, table, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // timeoutSeconds elapsed or the client went away: the stream simply ends.
            }
        }
    }

    private static async Task PumpAsync(KubeRequest request, ResourceTarget target, ListQuery query, ObjectStore.Watcher watcher, bool table, CancellationToken ct)
    {
        var bookmarks = request.Flag("allowWatchBookmarks");
        var reader = watcher.Channel.Reader;
        Task<bool>? waiting = null;
        while (!ct.IsCancellationRequested)
        {
            while (reader.TryRead(out var e))
                if (Translate(e, target, query) is { } type)
                    await SendAsync(request.Http, type, Render(request, target, e.Object, table), ct);
            waiting ??= reader.WaitToReadAsync(ct).AsTask();
            using var idleTimer = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var idle = Task.Delay(request.Cluster.BookmarkInterval, request.Cluster.Time, idleTimer.Token);
            if (await Task.WhenAny(waiting, idle) == waiting)
            {
                await idleTimer.CancelAsync();
                await waiting;
                waiting = null;
            }
            else if (bookmarks && !ct.IsCancellationRequested)
                await SendAsync(request.Http, "BOOKMARK", Bookmark(target.Type, request.Cluster.Store.ResourceVersion), ct);
        }
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>The event type the client sees: objects moving in or out of its selection appear as ADDED or DELETED.</summary>
    private static string? Translate(StoreEvent e, ResourceTarget target, ListQuery query)
    {
        bool InScope(JsonObject? o) => o is not null
            && (target.Namespace is null || (string?)o["metadata"]?["namespace"] == target.Namespace) && query.Matches(o);
        var now = InScope(e.Object);
        var before = e.Previous is not null && InScope(e.Previous);
        return e.Type switch
        {
            "ADDED" => now ? "ADDED" : null,
            "DELETED" => before ? "DELETED" : null,
            _ when now && before => "MODIFIED",
            _ when now => "ADDED",
            _ when before => "DELETED",
            _ => null,
        };
    }

    private static JsonObject Render(KubeRequest request, ResourceTarget target, JsonObject obj, bool table) =>
        table ? TableBuilder.Table(target.Type, [obj], long.Parse((string)obj["metadata"]!["resourceVersion"]!), null, request.Cluster.Time.GetUtcNow(),
            request.Query("includeObject")) : obj;

    private static JsonObject Bookmark(ResourceType type, long resourceVersion) => new()
    {
        ["kind"] = type.Kind,
        ["apiVersion"] = type.GroupVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString() },
    };

    private static async Task SendAsync(HttpContext http, string type, JsonObject obj, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, JsonResponses.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            obj.WriteTo(writer);
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        await http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
