using System.Net;
using System.Text.Json;
using k8s;

namespace DataProtection.Core.Kubernetes;

/// <summary>
/// Raw GETs through the client's own HttpClient (TLS, credentials and timeout included), for what KubernetesClient has no
/// typed call for: discovery, metadata-only lists (WIRE.md §4.4) and arbitrary objects by path.
/// </summary>
public static class KubeApi
{
    public const string MetadataListAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

    /// <summary><c>api/v1/namespaces/ns/configmaps</c>, <c>apis/velero.io/v1/backups</c>: a collection from an object's apiVersion and plural.</summary>
    public static string CollectionPath(string apiVersion, string plural, string? ns)
    {
        var root = apiVersion.Contains('/') ? $"apis/{apiVersion}" : $"api/{apiVersion}";
        return string.IsNullOrEmpty(ns) ? $"{root}/{plural}" : $"{root}/namespaces/{ns}/{plural}";
    }

    public static async Task<JsonDocument> GetJsonAsync(this k8s.Kubernetes client, string pathAndQuery, CancellationToken cancellationToken, string accept = "application/json")
    {
        // Keeps a path prefix in the server URL (e.g. a proxy's /k8s/clusters/c-1) instead of resolving it away.
        var uri = new Uri(client.BaseUri.AbsoluteUri.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/'));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        await client.Credentials.ProcessHttpRequestAsync(request, cancellationToken);
        using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new KubernetesApiException(response.StatusCode, StatusMessage(body) ?? response.ReasonPhrase ?? "");
        }
        return JsonDocument.Parse(body);
    }

    /// <summary>Returns null on 404, so "not installed" is not an error.</summary>
    public static async Task<JsonDocument?> GetJsonOrNullAsync(this k8s.Kubernetes client, string pathAndQuery, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetJsonAsync(pathAndQuery, cancellationToken);
        }
        catch (KubernetesApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>One page of a metadata-only list; never unpaginated (<paramref name="limit"/> is always sent).</summary>
    public static async Task<MetadataPage> ListMetadataAsync(this k8s.Kubernetes client, string collectionPath, int limit, string? continueToken,
        string? labelSelector, CancellationToken cancellationToken)
    {
        var query = $"?limit={Math.Clamp(limit, 1, 500)}";
        if (!string.IsNullOrEmpty(continueToken))
        {
            query += "&continue=" + Uri.EscapeDataString(continueToken);
        }
        if (!string.IsNullOrEmpty(labelSelector))
        {
            query += "&labelSelector=" + Uri.EscapeDataString(labelSelector);
        }
        using var json = await client.GetJsonAsync(collectionPath + query, cancellationToken, MetadataListAccept);
        var root = json.RootElement;
        var next = root.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("continue", out var c) ? c.GetString() : null;
        var items = root.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(ObjectMetadata.From).ToList()
            : [];
        return new MetadataPage(items, string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>Walks every page of a metadata-only list.</summary>
    public static async IAsyncEnumerable<ObjectMetadata> ListAllMetadataAsync(this k8s.Kubernetes client, string collectionPath, string? labelSelector,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, int pageSize = 500)
    {
        string? token = null;
        do
        {
            var page = await client.ListMetadataAsync(collectionPath, pageSize, token, labelSelector, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }
            token = page.Continue;
        }
        while (token is not null);
    }

    private static string? StatusMessage(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("message", out var m) ? m.GetString() : null;
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }
}

public sealed record MetadataPage(IReadOnlyList<ObjectMetadata> Items, string? Continue);

public sealed record ObjectMetadata(string Name, string? Namespace, IReadOnlyDictionary<string, string> Labels, DateTime? CreatedUtc)
{
    public static ObjectMetadata From(JsonElement item)
    {
        var meta = item.GetProperty("metadata");
        var labels = meta.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object
            ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
            : new Dictionary<string, string>();
        DateTime? created = meta.TryGetProperty("creationTimestamp", out var t) && t.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(t.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime : null;
        return new ObjectMetadata(meta.GetProperty("name").GetString() ?? "",
            meta.TryGetProperty("namespace", out var ns) ? ns.GetString() : null, labels, created);
    }
}

public sealed class KubernetesApiException(HttpStatusCode statusCode, string message)
    : Exception($"The Kubernetes API answered {(int)statusCode} {statusCode}: {message}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}
