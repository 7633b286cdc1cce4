using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Protection;

/// <summary>
/// Untyped reads and writes of any object by path, through the client's own HttpClient. Install objects are written only
/// when what we want differs from what we last applied, so enabling twice writes nothing (resourceVersions stay put).
/// </summary>
internal static class KubeObjects
{
    public const string ManagedByLabel = "dataprotection.io/managed-by";
    public const string ManagedByValue = "dataprotection-dashboard";
    public const string HashAnnotation = "dataprotection.io/applied-hash";

    public static Task<JsonObject?> GetAsync(this k8s.Kubernetes client, string path, CancellationToken ct) =>
        SendAsync(client, HttpMethod.Get, path, null, ct);

    /// <summary>Every item of a collection, paged with limit/continue; a collection that does not exist is empty.</summary>
    public static async Task<List<JsonObject>> ListAllAsync(this k8s.Kubernetes client, string collection, CancellationToken ct)
    {
        var items = new List<JsonObject>();
        string? token = null;
        do
        {
            var query = "?limit=500" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token));
            var page = await client.GetAsync(collection + query, ct);
            items.AddRange(page?["items"]?.AsArray().OfType<JsonObject>() ?? []);
            token = (string?)page?["metadata"]?["continue"];
        }
        while (!string.IsNullOrEmpty(token));
        return items;
    }

    public static async Task<JsonObject> CreateAsync(this k8s.Kubernetes client, string collection, JsonObject body, CancellationToken ct) =>
        await SendAsync(client, HttpMethod.Post, collection, body, ct) ?? throw new KubernetesApiException(HttpStatusCode.NotFound, $"{collection} does not exist.");

    /// <summary>Replaces (PUT) the object at <paramref name="path"/>; the body carries the resourceVersion it replaces.</summary>
    public static async Task<JsonObject> ReplaceAsync(this k8s.Kubernetes client, string path, JsonObject body, CancellationToken ct) =>
        await SendAsync(client, HttpMethod.Put, path, body, ct) ?? throw new KubernetesApiException(HttpStatusCode.NotFound, $"{path} does not exist.");

    /// <summary>Deletes; true when it existed. 404 is success: uninstalling twice is fine.</summary>
    public static async Task<bool> DeleteAsync(this k8s.Kubernetes client, string path, CancellationToken ct) =>
        await SendAsync(client, HttpMethod.Delete, path, null, ct) is not null;

    /// <summary>Creates, replaces when our desired state changed, or leaves alone. Returns true when it wrote.</summary>
    public static async Task<bool> ApplyAsync(this k8s.Kubernetes client, string collection, JsonObject desired, CancellationToken ct)
    {
        var metadata = desired["metadata"]!.AsObject();
        var hash = Hash(desired);
        var annotations = metadata["annotations"] as JsonObject ?? [];
        annotations[HashAnnotation] = hash;
        metadata["annotations"] = annotations;
        var path = $"{collection}/{(string)metadata["name"]!}";
        var existing = await client.GetAsync(path, ct);
        if (existing is null)
        {
            await client.CreateAsync(collection, desired, ct);
            return true;
        }
        if ((string?)existing["metadata"]?["annotations"]?[HashAnnotation] == hash)
        {
            return false;
        }
        metadata["resourceVersion"] = (string?)existing["metadata"]?["resourceVersion"];
        await SendAsync(client, HttpMethod.Put, path, desired, ct);
        return true;
    }

    private static string Hash(JsonObject desired) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(desired.ToJsonString())))[..16].ToLowerInvariant();

    private static async Task<JsonObject?> SendAsync(k8s.Kubernetes client, HttpMethod method, string path, JsonObject? body, CancellationToken ct)
    {
        var uri = new Uri(client.BaseUri.AbsoluteUri.TrimEnd('/') + "/" + path.TrimStart('/'));
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        await client.Credentials.ProcessHttpRequestAsync(request, ct);
        using var response = await client.HttpClient.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new KubernetesApiException(response.StatusCode, Message(text) ?? response.ReasonPhrase ?? "");
        }
        return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    private static string? Message(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["message"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }
}
