using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Volumes;

/// <summary>Whole objects by path (pod specs and templates are needed, so not metadata-only) and JSON merge patches.</summary>
internal static class VolumeKube
{
    public const string MergePatch = "application/merge-patch+json";

    public static async Task<JsonObject?> GetObjectAsync(this k8s.Kubernetes client, string path, CancellationToken ct)
    {
        using var json = await client.GetJsonOrNullAsync(path, ct);
        return json is null ? null : JsonNode.Parse(json.RootElement.GetRawText()) as JsonObject;
    }

    /// <summary>One page of full objects; <paramref name="limit"/> is always sent.</summary>
    public static async Task<(IReadOnlyList<JsonObject> Items, string? Continue)> ListPageAsync(this k8s.Kubernetes client, string collection,
        int limit, string? continueToken, CancellationToken ct)
    {
        var query = $"?limit={limit}" + (string.IsNullOrEmpty(continueToken) ? "" : "&continue=" + Uri.EscapeDataString(continueToken));
        using var json = await client.GetJsonAsync(collection + query, ct);
        var root = JsonNode.Parse(json.RootElement.GetRawText())!;
        var next = (string?)root["metadata"]?["continue"];
        return ((root["items"] as JsonArray ?? []).OfType<JsonObject>().ToList(), string.IsNullOrEmpty(next) ? null : next);
    }

    public static async Task<List<JsonObject>> ListAllAsync(this k8s.Kubernetes client, string collection, CancellationToken ct)
    {
        var all = new List<JsonObject>();
        string? token = null;
        do
        {
            var (items, next) = await client.ListPageAsync(collection, 500, token, ct);
            all.AddRange(items);
            token = next;
        }
        while (token is not null);
        return all;
    }

    public static async Task PatchAsync(this k8s.Kubernetes client, string path, JsonObject patch, CancellationToken ct)
    {
        var uri = new Uri(client.BaseUri.AbsoluteUri.TrimEnd('/') + "/" + path.TrimStart('/') + "?fieldManager=dataprotection-dashboard");
        using var request = new HttpRequestMessage(HttpMethod.Patch, uri);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Content = new StringContent(patch.ToJsonString(), Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(MergePatch);
        await client.Credentials.ProcessHttpRequestAsync(request, ct);
        using var response = await client.HttpClient.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new KubernetesApiException(response.StatusCode, Message(body) ?? response.ReasonPhrase ?? "");
        }
    }

    public static string NamespacePath(string ns) => $"/api/v1/namespaces/{Uri.EscapeDataString(ns)}";

    private static string? Message(string body)
    {
        try
        {
            return (string?)JsonNode.Parse(body)?["message"];
        }
        catch (System.Text.Json.JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    public static bool IsConflict(Exception ex) => ex is KubernetesApiException { StatusCode: HttpStatusCode.Conflict };
}
