using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>JSON merge patch (RFC 7386) and the subset of strategic merge patch that kubectl apply sends.</summary>
internal static class Patches
{
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch, bool strategic)
    {
        if (patch is not JsonObject patchObject)
            return strategic && patch is JsonArray list && target is JsonArray current ? MergeList(current, list) : patch?.DeepClone();
        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (strategic && key.StartsWith('$'))
                continue;
            if (value is null)
                result.Remove(key);
            else
                result[key] = Merge(result[key], value, strategic);
        }
        return result;
    }

    /// <summary>Lists of named objects (containers, volumes, ports...) merge by name; <c>$patch: delete</c> removes one.</summary>
    private static JsonNode MergeList(JsonArray current, JsonArray patch)
    {
        bool Named(JsonNode? n) => n is JsonObject o && o["name"] is JsonValue;
        if (!patch.All(Named) || !current.All(Named) || patch.Count == 0)
            return patch.DeepClone();
        var merged = current.Select(n => n!.DeepClone()).ToList();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var name = (string?)item["name"];
            var index = merged.FindIndex(n => (string?)n["name"] == name);
            if ((string?)item["$patch"] == "delete")
            {
                if (index >= 0) merged.RemoveAt(index);
            }
            else if (index >= 0)
                merged[index] = Merge(merged[index], item, true)!;
            else
                merged.Add(Merge(null, item, true)!);
        }
        return new JsonArray(merged.ToArray());
    }
}
