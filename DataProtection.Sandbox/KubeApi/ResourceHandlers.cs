using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>HTTP handling of resource verbs: reads bodies, picks the representation, writes the answer.</summary>
internal static class ResourceHandlers
{
    private const string ProtobufMessage =
        "the sandbox API server speaks JSON only, and this kubectl command sends protobuf (application/vnd.kubernetes.protobuf). " +
        "Generate the manifest on the client and apply it instead, e.g. `kubectl create namespace demo --dry-run=client -o yaml | kubectl apply -f -`";

    public static async Task GetAsync(KubeRequest request, ResourceTarget target)
    {
        var obj = request.Cluster.Reader.Get(target.Type, target.Namespace, target.RequiredName);
        var representation = Representations.FromAccept(request.Accept);
        JsonNode body = representation switch
        {
            Representation.Table => TableBuilder.Table(target.Type, [obj], request.Cluster.Store.ResourceVersion, null, request.Cluster.Time.GetUtcNow(), request.Query("includeObject")),
            Representation.Metadata => TableBuilder.PartialMetadata(obj),
            _ => obj,
        };
        await JsonResponses.WriteAsync(request.Http, 200, body, Representations.ContentType(representation, list: false));
    }

    public static async Task ListAsync(KubeRequest request, ResourceTarget target)
    {
        request.Verb = "list";
        var query = ParseQuery(request);
        if (query.Continue is { Length: > 0 } && request.Query("resourceVersion") is { Length: > 0 } and not "0")
            throw KubeApiException.BadRequest("specifying resource version is not allowed when using continue");
        request.Paginated = query.Limit is > 0;
        var result = request.Cluster.Reader.List(target.Type, target.Namespace, query);
        var representation = Representations.FromAccept(request.Accept);
        var contentType = Representations.ContentType(representation, list: true);
        switch (representation)
        {
            case Representation.Table:
                await JsonResponses.WriteAsync(request.Http, 200,
                    TableBuilder.Table(target.Type, result.Items, result.ResourceVersion, result.Continue, request.Cluster.Time.GetUtcNow(), request.Query("includeObject")), contentType);
                break;
            case Representation.Metadata:
                await JsonResponses.WriteAsync(request.Http, 200, TableBuilder.PartialMetadataList(result.Items, JsonResponses.ListMetadata(result)), contentType);
                break;
            default:
                await JsonResponses.WriteListAsync(request.Http, target.Type, result);
                break;
        }
    }

    public static async Task CreateAsync(KubeRequest request, ResourceTarget target)
    {
        request.Verb = "create";
        var body = await ReadObjectAsync(request);
        var created = request.Cluster.Writer.Create(target.Type, target.Namespace, body, request.WriteOptions);
        await JsonResponses.WriteAsync(request.Http, 201, created);
    }

    public static async Task UpdateAsync(KubeRequest request, ResourceTarget target)
    {
        request.Verb = "update";
        var body = await ReadObjectAsync(request);
        var updated = request.Cluster.Writer.Update(target.Type, target.Namespace, target.RequiredName, body, target.StatusOnly, request.WriteOptions);
        await JsonResponses.WriteAsync(request.Http, 200, updated);
    }

    public static async Task PatchAsync(KubeRequest request, ResourceTarget target)
    {
        request.Verb = "patch";
        var mediaType = MediaType(request);
        using var reader = new StreamReader(request.Http.Request.Body);
        var body = await reader.ReadToEndAsync(request.Aborted);
        var patched = request.Cluster.Writer.Patch(target.Type, target.Namespace, target.RequiredName, mediaType, body, target.StatusOnly, request.WriteOptions);
        await JsonResponses.WriteAsync(request.Http, 200, patched);
    }

    public static async Task DeleteAsync(KubeRequest request, ResourceTarget target)
    {
        request.Verb = "delete";
        var options = await DeleteOptionsAsync(request);
        var existing = request.Cluster.Reader.Get(target.Type, target.Namespace, target.RequiredName);
        var remaining = request.Cluster.Writer.Delete(target.Type, target.Namespace, target.RequiredName, options);
        await JsonResponses.WriteAsync(request.Http, 200,
            remaining ?? Status.Success(target.Type, target.RequiredName, (string?)existing["metadata"]?["uid"]));
    }

    public static async Task DeleteCollectionAsync(KubeRequest request, ResourceTarget target)
    {
        request.Verb = "deletecollection";
        var options = await DeleteOptionsAsync(request);
        var query = ParseQuery(request) with { Limit = null, Continue = null };
        var matching = request.Cluster.Reader.List(target.Type, target.Namespace, query);
        foreach (var item in matching.Items)
        {
            try
            {
                request.Cluster.Writer.Delete(target.Type, (string?)item["metadata"]!["namespace"], (string)item["metadata"]!["name"]!, options);
            }
            catch (KubeApiException e) when (e.Code == 404)
            {
                // Deleted concurrently (or with its namespace): already what the caller asked for.
            }
        }
        await JsonResponses.WriteListAsync(request.Http, target.Type, matching);
    }

    public static ListQuery ParseQuery(KubeRequest request)
    {
        var labels = Parse("labelSelector", LabelSelector.Parse);
        var fields = Parse("fieldSelector", FieldSelector.Parse);
        int? limit = int.TryParse(request.Query("limit"), out var l) && l > 0 ? l : null;
        return new ListQuery(labels, fields, limit, request.Query("continue"));

        T Parse<T>(string parameter, Func<string?, T> parse)
        {
            var text = request.Query(parameter);
            try
            {
                return parse(text);
            }
            catch (FormatException e)
            {
                throw KubeApiException.BadRequest($"unable to parse {parameter} \"{text}\": {e.Message}");
            }
        }
    }

    /// <summary>kubectl sends dryRun in the DeleteOptions body rather than the query.</summary>
    private static async Task<WriteOptions> DeleteOptionsAsync(KubeRequest request)
    {
        using var reader = new StreamReader(request.Http.Request.Body);
        var text = await reader.ReadToEndAsync(request.Aborted);
        var dryRunInBody = false;
        try
        {
            dryRunInBody = text.Length > 0 && JsonNode.Parse(text)?["dryRun"] is JsonArray { Count: > 0 };
        }
        catch (JsonException e)
        {
            throw KubeApiException.BadRequest("the DeleteOptions body is not valid JSON: " + e.Message);
        }
        return request.WriteOptions with { DryRun = request.WriteOptions.DryRun || dryRunInBody };
    }

    private static string MediaType(KubeRequest request)
    {
        var mediaType = (request.Http.Request.ContentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType == "application/vnd.kubernetes.protobuf")
            throw KubeApiException.UnsupportedMediaType(ProtobufMessage);
        return mediaType;
    }

    private static async Task<JsonObject> ReadObjectAsync(KubeRequest request)
    {
        var mediaType = MediaType(request);
        if (mediaType is not ("application/json" or "application/yaml" or "*/*"))
            throw KubeApiException.UnsupportedMediaType($"the body of the request was in an unknown format - accepted media types include: application/json");
        try
        {
            return await JsonNode.ParseAsync(request.Http.Request.Body, cancellationToken: request.Aborted) as JsonObject
                ?? throw KubeApiException.BadRequest("the request body is not a JSON object");
        }
        catch (JsonException e)
        {
            throw KubeApiException.BadRequest("the sandbox accepts JSON request bodies only: " + e.Message);
        }
    }
}
