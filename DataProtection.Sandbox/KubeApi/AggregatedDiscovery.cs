using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>
/// apidiscovery.k8s.io/v2: all resources in two requests instead of one per group version. Served only when Accept asks
/// for v2 exactly, because kubectl 1.27–1.29 ask for v2beta1 and misread a v2 answer.
/// </summary>
internal static class AggregatedDiscovery
{
    public const string ContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    public static bool Requested(string? accept) =>
        accept is not null && accept.Split(',').Any(range =>
        {
            var parameters = range.Split(';').Select(p => p.Trim()).ToHashSet();
            return parameters.Contains("g=apidiscovery.k8s.io") && parameters.Contains("v=v2") && parameters.Contains("as=APIGroupDiscoveryList");
        });

    public static JsonObject Core(ResourceRegistry registry) =>
        List([Group("", [("v1", registry.InGroupVersion("", "v1"))])]);

    public static JsonObject Groups(ResourceRegistry registry) =>
        List(registry.Groups().Select(g => Group(g.Group, g.Versions.Select(v => (v, registry.InGroupVersion(g.Group, v))))).ToList());

    private static JsonObject List(IReadOnlyList<JsonObject> items) => new()
    {
        ["kind"] = "APIGroupDiscoveryList",
        ["apiVersion"] = "apidiscovery.k8s.io/v2",
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
    };

    private static JsonObject Group(string name, IEnumerable<(string Version, IEnumerable<ResourceType> Types)> versions) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["versions"] = new JsonArray(versions.Select(v => (JsonNode)new JsonObject
        {
            ["version"] = v.Version,
            ["freshness"] = "Current",
            ["resources"] = new JsonArray(v.Types.Select(t => (JsonNode)Resource(t)).ToArray()),
        }).ToArray()),
    };

    private static JsonObject Resource(ResourceType type)
    {
        var resource = new JsonObject
        {
            ["resource"] = type.Plural,
            ["responseKind"] = Kind(type),
            ["scope"] = type.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = type.Singular,
            ["verbs"] = new JsonArray(ResourceType.Verbs.Select(v => (JsonNode)v).ToArray()),
            ["shortNames"] = new JsonArray(type.ShortNames.Select(s => (JsonNode)s).ToArray()),
            ["categories"] = new JsonArray(type.Categories.Select(s => (JsonNode)s).ToArray()),
        };
        if (type.HasStatusSubresource)
            resource["subresources"] = new JsonArray(new JsonObject
            {
                ["subresource"] = "status", ["responseKind"] = Kind(type), ["verbs"] = new JsonArray("get", "patch", "update"),
            });
        return resource;
    }

    private static JsonObject Kind(ResourceType type) => new() { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };
}
