using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>JSON as Go's encoding/json writes it: map keys sorted, compact, HTML characters escaped.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.Default };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    public static byte[] CompactBytes(JsonNode? node, bool sortKeys = true) =>
        Encoding.UTF8.GetBytes((sortKeys ? Sorted(node) : node)?.ToJsonString(Compact) ?? "null");

    /// <summary>One gzip member holding compact JSON and a newline (Velero's ToJSONGzip); Go structs keep their field order.</summary>
    public static byte[] Gzip(JsonNode? node, bool sortKeys = true)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(CompactBytes(node, sortKeys));
            gzip.WriteByte((byte)'\n');
        }
        return buffer.ToArray();
    }

    /// <summary>The Kubernetes pretty serializer's shape: kind, apiVersion, metadata, spec, status, 2-space indent.</summary>
    public static byte[] Pretty(JsonObject obj)
    {
        string[] first = ["kind", "apiVersion", "metadata", "spec", "status"];
        var ordered = new JsonObject(first.Where(obj.ContainsKey).Select(k => KeyValuePair.Create(k, obj[k]?.DeepClone()))
            .Concat(obj.Where(p => !first.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))));
        return Encoding.UTF8.GetBytes(ordered.ToJsonString(Indented) + "\n");
    }
}
