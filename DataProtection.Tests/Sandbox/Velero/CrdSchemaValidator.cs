using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>
/// Validates objects against the openAPIV3Schema of Velero's own CRDs (shared/velero/crds), read independently of the sandbox.
/// OpenAPI's <c>nullable</c> becomes a "null" type, int-or-string an anyOf, and objects with declared properties close
/// unless they preserve unknown fields: a real API server silently prunes a field its CRD lacks, so here it is an error.
/// </summary>
public static class CrdSchemaValidator
{
    private const string CrdDirectory = "/work/shared/velero/crds/v1";
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new();

    /// <summary>Every schema violation in <paramref name="obj"/>, as "location: message"; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(JsonObject obj)
    {
        var kind = (string?)obj["kind"] ?? throw new ArgumentException("The object has no kind.", nameof(obj));
        var schema = Schemas.GetOrAdd(kind, Load);
        using var document = JsonDocument.Parse(obj.ToJsonString());
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return results.IsValid ? [] : (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {Describe(e.Key, e.Value)}")).ToList();
    }

    /// <summary>A closed object's "false" schema says nothing about why; name the cause instead.</summary>
    private static string Describe(string keyword, string message) => keyword.Length == 0 ? "field not declared in the CRD schema" : $"{keyword}: {message}";

    private static JsonSchema Load(string kind)
    {
        foreach (var file in Directory.GetFiles(CrdDirectory, "*.yaml"))
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(file));
            if (crd.Spec.Names.Kind != kind)
                continue;
            var version = crd.Spec.Versions.Single(v => v.Name == "v1");
            var schema = JsonNode.Parse(KubernetesJson.Serialize(version.Schema.OpenAPIV3Schema))!;
            var text = Translate(schema)!.ToJsonString();
            return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://velero.io/crds/{kind}"));
        }
        throw new ArgumentException($"No CRD in {CrdDirectory} declares kind {kind}.", nameof(kind));
    }

    private static JsonNode? Translate(JsonNode? node)
    {
        if (node is not JsonObject schema)
            return node?.DeepClone();
        var result = new JsonObject();
        foreach (var (key, value) in schema)
        {
            if (key.StartsWith("x-kubernetes-", StringComparison.Ordinal) || key is "nullable" or "description")
                continue;
            result[key] = key switch
            {
                "properties" => new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, Translate(p.Value)))),
                "items" or "additionalProperties" when value is JsonObject => Translate(value),
                "anyOf" or "allOf" or "oneOf" => new JsonArray(value!.AsArray().Select(Translate).ToArray()),
                _ => value?.DeepClone(),
            };
        }
        if ((bool?)schema["x-kubernetes-int-or-string"] == true)
        {
            result.Remove("type");
            result.Remove("anyOf");
            result["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" });
        }
        if (schema["properties"] is not null && schema["additionalProperties"] is null && (bool?)schema["x-kubernetes-preserve-unknown-fields"] != true)
            result["additionalProperties"] = false;
        if ((bool?)schema["nullable"] == true && result["type"] is JsonValue type)
            result["type"] = new JsonArray((string?)type, "null");
        return result;
    }
}
