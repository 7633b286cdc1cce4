using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace DataProtection.Core.Protection;

/// <summary>Velero's 13 CRDs (v1.18), embedded from <c>Protection/Crds</c>, labelled as <c>velero install</c> labels them.</summary>
internal static class VeleroCrds
{
    public const string Collection = "apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private static readonly Lazy<IReadOnlyList<string>> Json = new(Load);

    public static IReadOnlyList<string> Names => [.. Json.Value.Select(j => (string)JsonNode.Parse(j)!["metadata"]!["name"]!)];

    /// <summary>A fresh copy each call: the applier adds its own annotations.</summary>
    public static IEnumerable<JsonObject> Objects() => Json.Value.Select(j => JsonNode.Parse(j)!.AsObject());

    private static IReadOnlyList<string> Load()
    {
        var assembly = typeof(VeleroCrds).Assembly;
        return [.. assembly.GetManifestResourceNames().Where(n => n.StartsWith("Crds/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(name =>
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(reader.ReadToEnd());
            var json = JsonNode.Parse(KubernetesJson.Serialize(crd))!.AsObject();
            json.Remove("status");
            var metadata = json["metadata"]!.AsObject();
            metadata["labels"] = VeleroManifest.Labels();
            return json.ToJsonString();
        })];
    }
}
