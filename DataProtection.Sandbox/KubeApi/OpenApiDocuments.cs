using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>
/// Just enough OpenAPI v3 for kubectl's default strict validation: per kind, a patch operation carrying
/// x-kubernetes-group-version-kind and a fieldValidation parameter, which makes kubectl leave validation to the server.
/// </summary>
internal static class OpenApiDocuments
{
    public static JsonObject Root(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var gv in registry.All.Select(t => t.BasePath.TrimStart('/')).Distinct())
            paths[gv] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/" + gv };
        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? GroupVersion(ResourceRegistry registry, string group, string version)
    {
        var types = registry.InGroupVersion(group, version).ToList();
        if (types.Count == 0)
            return null;
        var paths = new JsonObject();
        foreach (var type in types)
        {
            var item = type.Namespaced ? $"{type.BasePath}/namespaces/{{namespace}}/{type.Plural}/{{name}}" : $"{type.BasePath}/{type.Plural}/{{name}}";
            paths[item] = new JsonObject { ["patch"] = Operation(type, "patch"), ["put"] = Operation(type, "replace") };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
        };
    }

    private static JsonObject Operation(ResourceType type, string verb) => new()
    {
        ["operationId"] = $"{verb}{type.Kind}",
        ["x-kubernetes-action"] = verb == "patch" ? "patch" : "put",
        ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
        ["parameters"] = new JsonArray(
            new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
            new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
            new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
        ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
    };
}
