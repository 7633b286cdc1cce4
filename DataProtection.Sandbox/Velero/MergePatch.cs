using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>jsonpatch.CreateMergePatch: the RFC 7386 merge patch that turns one object into another.</summary>
internal static class MergePatch
{
    public static JsonObject Diff(JsonObject from, JsonObject to)
    {
        var patch = new JsonObject();
        foreach (var (key, _) in from.Where(p => !to.ContainsKey(p.Key)))
            patch[key] = null;
        foreach (var (key, value) in to)
        {
            if (!from.TryGetPropertyValue(key, out var old))
                patch[key] = value?.DeepClone();
            else if (old is JsonObject oldObject && value is JsonObject newObject)
            {
                var nested = Diff(oldObject, newObject);
                if (nested.Count > 0)
                    patch[key] = nested;
            }
            else if (!JsonNode.DeepEquals(old, value))
                patch[key] = value?.DeepClone();
        }
        return patch;
    }
}
