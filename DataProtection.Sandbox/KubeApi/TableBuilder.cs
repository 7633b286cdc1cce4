using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>meta.k8s.io/v1 Table and PartialObjectMetadata views of stored objects.</summary>
internal static class TableBuilder
{
    /// <summary>A Table; <paramref name="includeObject"/> is the request's None, Metadata (the default) or Object.</summary>
    public static JsonObject Table(ResourceType type, IEnumerable<JsonObject> items, long resourceVersion, string? continueToken, DateTimeOffset now,
        string? includeObject = null)
    {
        var columns = TableColumns.For(type);
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString() };
        if (continueToken is not null)
            metadata["continue"] = continueToken;
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name, ["type"] = c.Type, ["format"] = c.Name == "Name" ? "name" : "", ["description"] = "", ["priority"] = c.Priority,
            }).ToArray()),
            ["rows"] = new JsonArray(items.Select(item => (JsonNode)Row(item, columns, now, includeObject)).ToArray()),
        };
    }

    private static JsonObject Row(JsonObject item, IReadOnlyList<TableColumn> columns, DateTimeOffset now, string? includeObject)
    {
        var row = new JsonObject { ["cells"] = new JsonArray(columns.Select(c => c.Cell(item, now) ?? (JsonNode)"").ToArray()) };
        if (includeObject != "None")
            row["object"] = includeObject == "Object" ? item.DeepClone() : PartialMetadata(item);
        return row;
    }

    public static JsonObject PartialMetadata(JsonObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = obj["metadata"]?.DeepClone(),
    };

    public static JsonObject PartialMetadataList(IEnumerable<JsonObject> items, JsonObject listMetadata) => new()
    {
        ["kind"] = "PartialObjectMetadataList",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = listMetadata,
        ["items"] = new JsonArray(items.Select(i => (JsonNode)PartialMetadata(i)).ToArray()),
    };
}
