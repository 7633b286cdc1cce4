using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>The autoscaling/v1 Scale view of workloads, which <c>kubectl scale</c> reads and patches.</summary>
internal static class ScaleSubresource
{
    public static bool Supports(ResourceType type) =>
        type.Group == "apps" && type.Plural is "deployments" or "statefulsets" or "replicasets";

    public static async Task HandleAsync(KubeRequest request, ResourceTarget target)
    {
        var cluster = request.Cluster;
        var current = cluster.Reader.Get(target.Type, target.Namespace, target.RequiredName);
        JsonObject result;
        switch (request.Http.Request.Method)
        {
            case "GET":
                result = current;
                break;
            case "PUT" or "PATCH":
                request.Verb = request.Http.Request.Method == "PUT" ? "update" : "patch";
                using (var reader = new StreamReader(request.Http.Request.Body))
                {
                    var body = await reader.ReadToEndAsync(request.Aborted);
                    var scale = request.Verb == "update"
                        ? JsonNode.Parse(body) as JsonObject ?? throw KubeApiException.BadRequest("the request body is not a JSON object")
                        : ObjectWriter.PatchDetached(View(current), ContentType(request), body);
                    var replicas = (long?)scale["spec"]?["replicas"] ?? throw KubeApiException.BadRequest("spec.replicas is required");
                    result = cluster.Writer.Patch(target.Type, target.Namespace, target.RequiredName, ObjectWriter.MergePatch,
                        new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } }.ToJsonString(), false, request.WriteOptions);
                }
                break;
            default:
                throw KubeApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }
        await JsonResponses.WriteAsync(request.Http, 200, View(result));
    }

    private static string ContentType(KubeRequest request) =>
        (request.Http.Request.ContentType ?? ObjectWriter.MergePatch).Split(';')[0].Trim().ToLowerInvariant();

    private static JsonObject View(JsonObject workload)
    {
        var metadata = (JsonObject)workload["metadata"]!;
        var matchLabels = workload["spec"]?["selector"]?["matchLabels"] as JsonObject ?? [];
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]?.DeepClone(), ["namespace"] = metadata["namespace"]?.DeepClone(), ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(), ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = workload["spec"]?["replicas"]?.DeepClone() ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = workload["status"]?["replicas"]?.DeepClone() ?? 0,
                ["selector"] = string.Join(",", matchLabels.Select(kv => $"{kv.Key}={kv.Value}")),
            },
        };
    }
}
