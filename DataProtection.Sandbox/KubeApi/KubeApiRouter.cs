using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>Maps a cluster-relative path to discovery, OpenAPI or a resource operation.</summary>
internal static class KubeApiRouter
{
    public static Task DispatchAsync(KubeRequest request)
    {
        var registry = request.Cluster.Registry;
        var segments = request.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var http = request.Http;
        if (!HttpMethods.IsGet(http.Request.Method) && segments is not (["api", "v1", _, ..] or ["apis", _, _, _, ..]))
            throw KubeApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        return segments switch
        {
            ["version"] => Json(request, Discovery.Version()),
            ["healthz" or "readyz" or "livez"] => http.Response.WriteAsync("ok"),
            ["api"] when AggregatedDiscovery.Requested(request.Accept) =>
                JsonResponses.WriteAsync(http, 200, AggregatedDiscovery.Core(registry), AggregatedDiscovery.ContentType),
            ["apis"] when AggregatedDiscovery.Requested(request.Accept) =>
                JsonResponses.WriteAsync(http, 200, AggregatedDiscovery.Groups(registry), AggregatedDiscovery.ContentType),
            ["api"] => Json(request, Discovery.CoreVersions($"{http.Request.Host.Host}:{http.Request.Host.Port}")),
            ["api", "v1"] => Json(request, Discovery.Resources("v1", registry.InGroupVersion("", "v1"))),
            ["apis"] => Json(request, Discovery.Groups(registry)),
            ["apis", var g] => registry.Groups().FirstOrDefault(x => x.Group == g) is { Group: not null } found
                ? Json(request, Discovery.Group(found.Group, found.Versions))
                : throw KubeApiException.ResourceNotFound(),
            ["apis", var g, var v] => registry.InGroupVersion(g, v).Any()
                ? Json(request, Discovery.Resources($"{g}/{v}", registry.InGroupVersion(g, v)))
                : throw KubeApiException.ResourceNotFound(),
            ["openapi", "v3"] => Json(request, OpenApiDocuments.Root(registry)),
            ["openapi", "v3", "api", "v1"] => Json(request, OpenApiDocuments.GroupVersion(registry, "", "v1")),
            ["openapi", "v3", "apis", var g, var v] => Json(request, OpenApiDocuments.GroupVersion(registry, g, v)),
            ["api", "v1", .. var tail] => Resource(request, "", "v1", tail),
            ["apis", var g, var v, .. var tail] => Resource(request, g, v, tail),
            _ => throw KubeApiException.ResourceNotFound(),
        };
    }

    private static Task Json(KubeRequest request, JsonNode? body) =>
        body is null ? throw KubeApiException.ResourceNotFound() : JsonResponses.WriteAsync(request.Http, 200, body);

    private static Task Resource(KubeRequest request, string group, string version, string[] tail)
    {
        string? ns = null;
        if (tail is ["namespaces", var n, _, ..])
        {
            ns = n;
            tail = tail[2..];
        }
        var type = request.Cluster.Registry.Find(group, version, tail[0]) ?? throw KubeApiException.ResourceNotFound();
        if (!type.Namespaced && ns is not null)
            throw KubeApiException.ResourceNotFound();
        var name = tail.Length > 1 ? tail[1] : null;
        // A custom resource has /status only when its CRD declares the subresource, as on a real server (Velero's Backup does not).
        var statusOnly = tail.Length > 2 && tail[2] == "status" && (!type.IsCustom || type.HasStatusSubresource);
        var scale = tail.Length > 2 && tail[2] == "scale" && ScaleSubresource.Supports(type);
        if (tail.Length > 3 || (tail.Length == 3 && !statusOnly && !scale))
            throw KubeApiException.ResourceNotFound();
        var target = new ResourceTarget(type, ns, name, statusOnly);
        var method = request.Http.Request.Method;
        if (scale)
            return ScaleSubresource.HandleAsync(request, target);
        return (name, method) switch
        {
            (null, "GET") when request.Flag("watch") => WatchStream.RunAsync(request, target),
            (null, "GET") => ResourceHandlers.ListAsync(request, target),
            (null, "POST") => ResourceHandlers.CreateAsync(request, target),
            (null, "DELETE") => ResourceHandlers.DeleteCollectionAsync(request, target),
            (not null, "GET") => ResourceHandlers.GetAsync(request, target),
            (not null, "PUT") => ResourceHandlers.UpdateAsync(request, target),
            (not null, "PATCH") => ResourceHandlers.PatchAsync(request, target),
            (not null, "DELETE") => ResourceHandlers.DeleteAsync(request, target),
            _ => throw KubeApiException.MethodNotAllowed($"the server does not allow this method on the requested resource"),
        };
    }
}

internal sealed record ResourceTarget(ResourceType Type, string? Namespace, string? Name, bool StatusOnly)
{
    public string RequiredName => Name!;
}
