using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>Patch and delete.</summary>
internal sealed partial class ObjectWriter
{
    public const string MergePatch = "application/merge-patch+json";
    public const string JsonPatchType = "application/json-patch+json";
    public const string StrategicPatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    public JsonObject Patch(ResourceType type, string? ns, string name, string mediaType, string body, bool statusOnly, WriteOptions options)
    {
        if (mediaType == StrategicPatch && type.IsCustom)
            throw KubeApiException.UnsupportedMediaType($"the body of the request was in an unknown format - accepted media types include: {JsonPatchType}, {MergePatch}, {ApplyPatch}");
        if (mediaType is not (MergePatch or JsonPatchType or StrategicPatch or ApplyPatch))
            throw KubeApiException.UnsupportedMediaType($"the body of the request was in an unknown format - accepted media types include: {JsonPatchType}, {MergePatch}, {ApplyPatch}, {StrategicPatch}");
        var patch = ParsePatch(body, mediaType);
        lock (store.Gate)
        {
            var existing = store.Find(type.StoreKey, ns, name);
            if (existing is null && mediaType == ApplyPatch)
            {
                var created = (JsonObject)patch.DeepClone();
                var metadata = created["metadata"] as JsonObject ?? new JsonObject();
                created["metadata"] = metadata;
                metadata["name"] = name;
                return Create(type, ns, created, options);
            }
            if (existing is null)
                throw KubeApiException.NotFound(type, name);
            var patched = mediaType == JsonPatchType
                ? JsonPatch.Apply(existing, (JsonArray)patch) as JsonObject ?? throw KubeApiException.BadRequest("the patch did not produce an object")
                : (JsonObject)Patches.Merge(existing, patch, mediaType == StrategicPatch)!;
            if (patch is JsonObject && (string?)patch["metadata"]?["resourceVersion"] is { } rv && rv != (string?)existing["metadata"]!["resourceVersion"])
                throw KubeApiException.Conflict(type, name);
            return Commit(type, Merge(type, existing, patched, statusOnly), existing, options);
        }
    }

    /// <summary>Applies a patch to a detached document (such as a Scale view) without storing anything.</summary>
    public static JsonObject PatchDetached(JsonObject document, string mediaType, string body)
    {
        var patch = ParsePatch(body, mediaType);
        return (mediaType == JsonPatchType ? JsonPatch.Apply(document, (JsonArray)patch) : Patches.Merge(document, patch, mediaType == StrategicPatch)) as JsonObject
            ?? throw KubeApiException.BadRequest("the patch did not produce an object");
    }

    /// <summary>Deletes at once, or marks for deletion while finalizers remain. Null means gone; otherwise the remaining object.</summary>
    public JsonObject? Delete(ResourceType type, string? ns, string name, WriteOptions? options = null)
    {
        lock (store.Gate)
        {
            var existing = store.Find(type.StoreKey, ns, name) ?? throw KubeApiException.NotFound(type, name);
            if (options?.DryRun == true)
                return existing["metadata"]!["finalizers"] is JsonArray { Count: > 0 } ? existing : null;
            if (type == BuiltInResources.Namespaces)
                foreach (var (storeKey, obj) in store.InNamespace(name))
                    RemoveNow(storeKey, obj);
            if (type == BuiltInResources.CustomResourceDefinitions && CrdResources.From(existing).FirstOrDefault() is { } served)
                foreach (var (_, cr) in store.Items(served.StoreKey, null).ToList())
                    RemoveNow(served.StoreKey, cr);
            if (existing["metadata"]!["finalizers"] is JsonArray { Count: > 0 })
            {
                if (existing["metadata"]!["deletionTimestamp"] is not null)
                    return existing;
                var marked = (JsonObject)existing.DeepClone();
                marked["metadata"]!["deletionTimestamp"] = Now();
                marked["metadata"]!["resourceVersion"] = store.NextVersion().ToString();
                store.Put(type.StoreKey, marked, existing);
                if (type == BuiltInResources.CustomResourceDefinitions)
                    RefreshRegistry();
                return marked;
            }
            RemoveNow(type.StoreKey, existing);
            if (type == BuiltInResources.CustomResourceDefinitions)
                RefreshRegistry();
            return null;
        }
    }

    private void RemoveNow(string storeKey, JsonObject existing)
    {
        var final = (JsonObject)existing.DeepClone();
        final["metadata"]!["resourceVersion"] = store.NextVersion().ToString();
        store.Remove(storeKey, final, existing);
    }

    private static JsonNode ParsePatch(string body, string mediaType)
    {
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw KubeApiException.BadRequest(mediaType == ApplyPatch
                ? "the sandbox accepts apply patches as JSON only (kubectl and client libraries send JSON): " + e.Message
                : "error decoding patch: " + e.Message);
        }
        var expected = mediaType == JsonPatchType ? patch is JsonArray : patch is JsonObject;
        return expected ? patch! : throw KubeApiException.BadRequest($"the patch is not a JSON {(mediaType == JsonPatchType ? "array" : "object")}");
    }
}
