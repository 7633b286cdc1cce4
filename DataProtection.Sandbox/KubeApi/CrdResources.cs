using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>Turns a stored CustomResourceDefinition into the resources it serves, one per served version.</summary>
internal static class CrdResources
{
    public static IEnumerable<ResourceType> From(JsonObject crd)
    {
        if (crd["metadata"]?["deletionTimestamp"] is not null || crd["spec"] is not JsonObject spec)
            yield break;
        var names = spec["names"] as JsonObject;
        var group = (string?)spec["group"];
        var plural = (string?)names?["plural"];
        var kind = (string?)names?["kind"];
        if (group is null || plural is null || kind is null || spec["versions"] is not JsonArray versions)
            yield break;
        var singular = (string?)names!["singular"] ?? kind.ToLowerInvariant();
        var namespaced = (string?)spec["scope"] != "Cluster";
        foreach (var version in versions.OfType<JsonObject>())
        {
            if (version["served"] is JsonValue served && !served.GetValue<bool>())
                continue;
            yield return new ResourceType(group, (string)version["name"]!, plural, singular, kind, namespaced,
                Strings(names["shortNames"]), Strings(names["categories"]))
            {
                IsCustom = true,
                HasStatusSubresource = version["subresources"]?["status"] is not null,
                Schema = version["schema"]?["openAPIV3Schema"] as JsonObject,
                PrinterColumns = version["additionalPrinterColumns"] as JsonArray,
            };
        }
    }

    /// <summary>What a real server reports once a CRD's names are accepted, so clients that wait for Established proceed.</summary>
    public static JsonObject AcceptedStatus(JsonObject crd, string now)
    {
        var names = crd["spec"]?["names"]?.DeepClone() ?? new JsonObject();
        var storedVersions = new JsonArray((crd["spec"]?["versions"] as JsonArray ?? [])
            .OfType<JsonObject>().Where(v => (bool?)v["storage"] == true).Select(v => (JsonNode?)(string?)v["name"]).ToArray());
        return new JsonObject
        {
            ["acceptedNames"] = names,
            ["conditions"] = new JsonArray(Condition("NamesAccepted", "NoConflicts", now), Condition("Established", "InitialNamesAccepted", now)),
            ["storedVersions"] = storedVersions,
        };
    }

    private static JsonObject Condition(string type, string reason, string now) => new()
    {
        ["type"] = type, ["status"] = "True", ["reason"] = reason, ["message"] = "", ["lastTransitionTime"] = now,
    };

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n).OfType<string>().ToArray() : [];
}
