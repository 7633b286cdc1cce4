using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DataProtection.Sandbox.KubeApi;

internal static class JsonResponses
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext http, int status, JsonNode body, string contentType = "application/json")
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        await using var writer = new Utf8JsonWriter(http.Response.Body, WriterOptions);
        body.WriteTo(writer);
        await writer.FlushAsync(http.RequestAborted);
    }

    /// <summary>Streams a full list without copying its items into a new tree.</summary>
    public static async Task WriteListAsync(HttpContext http, ResourceType type, ListResult list)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.Body, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("kind", type.ListKind);
        writer.WriteString("apiVersion", type.GroupVersion);
        writer.WritePropertyName("metadata");
        ListMetadata(list).WriteTo(writer);
        writer.WriteStartArray("items");
        foreach (var item in list.Items)
        {
            item.WriteTo(writer);
            if (writer.BytesPending > 64 * 1024)
                await writer.FlushAsync(http.RequestAborted);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(http.RequestAborted);
    }

    public static JsonObject ListMetadata(ListResult list)
    {
        var metadata = new JsonObject { ["resourceVersion"] = list.ResourceVersion.ToString() };
        if (list.Continue is not null)
        {
            metadata["continue"] = list.Continue;
            metadata["remainingItemCount"] = list.RemainingItemCount;
        }
        return metadata;
    }
}
