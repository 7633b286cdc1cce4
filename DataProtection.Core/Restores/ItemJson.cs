using System.Text.Json;

namespace DataProtection.Core.Restores;

/// <summary>Reads apiVersion, kind and metadata.labels of an item file with a forward-only reader, skipping everything else.</summary>
internal static class ItemJson
{
    public static ArchiveItem Read(ArchivePath path, ReadOnlySpan<byte> json, StringPool strings)
    {
        var reader = new Utf8JsonReader(json);
        string apiVersion = "", kind = "";
        string? labels = null;
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("apiVersion"u8))
                apiVersion = strings.Get(String(ref reader));
            else if (reader.ValueTextEquals("kind"u8))
                kind = strings.Get(String(ref reader));
            else if (reader.ValueTextEquals("metadata"u8))
                labels = Labels(ref reader, json);
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new ArchiveItem(strings.Get(path.Resource), apiVersion, kind, path.Namespace is null ? null : strings.Get(path.Namespace), path.Name, labels);
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string> ParseLabels(string? json) =>
        string.IsNullOrEmpty(json) ? Empty : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? Empty;

    /// <summary>The labels object's bytes as stored (checked to be string values), or null when there are none.</summary>
    private static string? Labels(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        string? labels = null;
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("labels"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            Expect(ref reader, JsonTokenType.StartObject);
            var start = (int)reader.TokenStartIndex;
            var count = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                Expect(ref reader, JsonTokenType.String);
                count++;
            }
            labels = count == 0 ? null : System.Text.Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
        }
        return labels;
    }

    private static string String(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String);
        return reader.GetString()!;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
            throw new JsonException($"expected {type} at byte {reader.TokenStartIndex}");
    }
}

/// <summary>One instance per distinct kind, apiVersion, resource and namespace: 100,000 items share a handful of each.</summary>
internal sealed class StringPool
{
    private readonly HashSet<string> _pool = new(StringComparer.Ordinal);

    public string Get(string value)
    {
        if (_pool.TryGetValue(value, out var pooled))
            return pooled;
        _pool.Add(value);
        return value;
    }
}
