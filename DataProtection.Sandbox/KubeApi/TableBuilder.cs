using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>meta.k8s.io/v1 Table and PartialObjectMetadata views of stored objects.</summary>
internal static class TableBuilder
{
    public static JsonObject Table(ResourceType type, IEnumerable<JsonObject> items, long resourceVersion, string? continueToken, DateTimeOffset now)
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
            ["rows"] = new JsonArray(items.Select(item => (JsonNode)new JsonObject
            {
                ["cells"] = new JsonArray(columns.Select(c => c.Cell(item, now) ?? (JsonNode)"").ToArray()),
                ["object"] = PartialMetadata(item),
            }).ToArray()),
        };
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
