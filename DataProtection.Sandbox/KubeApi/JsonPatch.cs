using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>RFC 6902 JSON Patch: add, remove, replace, move, copy, test.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonArray operations)
    {
        var root = new JsonObject { ["doc"] = document.DeepClone() };
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = (string?)operation["op"] ?? throw Bad("missing op");
            var path = "/doc" + ((string?)operation["path"] ?? throw Bad("missing path"));
            switch (op)
            {
                case "add": Add(root, path, Value(operation)); break;
                case "remove": Remove(root, path); break;
                case "replace": Remove(root, path); Add(root, path, Value(operation)); break;
                case "move": { var from = "/doc" + (string?)operation["from"]; var v = Get(root, from); Remove(root, from); Add(root, path, v); break; }
                case "copy": Add(root, path, Get(root, "/doc" + (string?)operation["from"])?.DeepClone()); break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), operation["value"]))
                        throw new KubeApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {operation["path"]} failed");
                    break;
                default: throw Bad($"Unexpected kind: {op}");
            }
        }
        return root["doc"]!;
    }

    private static JsonNode? Value(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var v) ? v?.DeepClone() : throw Bad("missing value");

    private static (JsonNode Parent, string Token) Locate(JsonObject root, string path)
    {
        var tokens = path[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
        JsonNode? node = root;
        foreach (var token in tokens[..^1])
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            } ?? throw Bad($"doc is missing path: {path[4..]}");
        return (node!, tokens[^1]);
    }

    private static JsonNode? Get(JsonObject root, string path)
    {
        var (parent, token) = Locate(root, path);
        return parent switch
        {
            JsonObject o when o.TryGetPropertyValue(token, out var v) => v,
            JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
            _ => throw Bad($"doc is missing path: {path[4..]}"),
        };
    }

    private static void Add(JsonObject root, string path, JsonNode? value)
    {
        var (parent, token) = Locate(root, path);
        if (parent is JsonObject o)
            o[token] = value;
        else if (parent is JsonArray a && token == "-")
            a.Add(value);
        else if (parent is JsonArray list && int.TryParse(token, out var i) && i >= 0 && i <= list.Count)
            list.Insert(i, value);
        else
            throw Bad($"unable to add at {path[4..]}");
    }

    private static void Remove(JsonObject root, string path)
    {
        var (parent, token) = Locate(root, path);
        var removed = parent switch
        {
            JsonObject o => o.Remove(token),
            JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => RemoveAt(a, i),
            _ => false,
        };
        if (!removed)
            throw Bad($"doc is missing path: {path[4..]}");
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static KubeApiException Bad(string message) =>
        new(422, "Invalid", "the server rejected our request due to an error in our request: " + message);
}
