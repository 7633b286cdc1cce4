using System.Text.Json;

namespace DataProtection.Core.Restores;

/// <summary>Reads apiVersion, kind and metadata.labels of an item file with a forward-only reader, skipping everything else.</summary>
internal static class ItemJson
{
    public static ArchiveItem Read(ArchivePath path, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        string apiVersion = "", kind = "";
        Dictionary<string, string>? labels = null;
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("apiVersion"u8))
                apiVersion = String(ref reader);
            else if (reader.ValueTextEquals("kind"u8))
                kind = String(ref reader);
            else if (reader.ValueTextEquals("metadata"u8))
                labels = Labels(ref reader);
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new ArchiveItem(path.Resource, apiVersion, kind, path.Namespace, path.Name, labels ?? Empty);
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static Dictionary<string, string>? Labels(ref Utf8JsonReader reader)
    {
        Dictionary<string, string>? labels = null;
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
            labels = [];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                labels[key] = String(ref reader);
            }
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
