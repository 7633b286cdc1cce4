using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace DataProtection.Core.Inventory;

/// <summary>An object as YAML for reading: without managedFields, and with a Secret's values masked.</summary>
internal static class ObjectYaml
{
    public const string Mask = "***";

    private static readonly ISerializer Serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    public static string ToYaml(JsonNode obj)
    {
        var metadata = obj["metadata"] as JsonObject;
        metadata?.Remove("managedFields");
        if (obj["kind"]?.GetValue<string>() == "Secret" && obj["apiVersion"]?.GetValue<string>() == "v1")
        {
            MaskValues(obj["data"] as JsonObject);
            MaskValues(obj["stringData"] as JsonObject);
            // kubectl apply keeps the whole previous object, data included, in this annotation.
            if (metadata?["annotations"] is JsonObject annotations && annotations.ContainsKey("kubectl.kubernetes.io/last-applied-configuration"))
            {
                annotations["kubectl.kubernetes.io/last-applied-configuration"] = Mask;
            }
        }
        return Serializer.Serialize(ConventionalOrder((Dictionary<string, object?>)ToPlain(obj)!));
    }

    // kubectl's order: apiVersion, kind, metadata first, whatever order the server sent.
    private static Dictionary<string, object?> ConventionalOrder(Dictionary<string, object?> fields)
    {
        string[] first = ["apiVersion", "kind", "metadata"];
        return first.Where(fields.ContainsKey).Concat(fields.Keys.Except(first)).ToDictionary(k => k, k => fields[k]);
    }

    private static void MaskValues(JsonObject? values)
    {
        if (values is null)
        {
            return;
        }
        foreach (var key in values.Select(p => p.Key).ToList())
        {
            values[key] = Mask;
        }
    }

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v => v.ToString(),
        _ => node.ToJsonString(),
    };
}
