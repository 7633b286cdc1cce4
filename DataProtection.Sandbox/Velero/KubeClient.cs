using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>A minimal Kubernetes REST client over HTTPS, trusting only the cluster's CA, as Velero's in-cluster client does.</summary>
internal sealed class KubeClient : IDisposable
{
    private readonly HttpClient _http;

    public KubeClient(string server, string token, string caPem)
    {
        var ca = X509Certificate2.CreateFromPem(caPem);
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                        return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri(server.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The object at <paramref name="path"/>, or null on 404.</summary>
    public async Task<JsonObject?> GetAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path.TrimStart('/'), ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        return await ReadAsync(response, ct);
    }

    public async Task<JsonObject> ListAsync(string path, CancellationToken ct) =>
        await GetAsync(path, ct) ?? throw new HttpRequestException($"GET {path}: 404", null, HttpStatusCode.NotFound);

    /// <summary>Velero's CRDs declare no status subresource, so status is patched on the object itself, as Velero does.</summary>
    public Task<JsonObject> MergePatchAsync(string path, JsonObject patch, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, path, patch, "application/merge-patch+json", ct);

    public Task<JsonObject> CreateAsync(string collectionPath, JsonObject body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, collectionPath, body, "application/json", ct);

    /// <summary>Deletes the object; a 404 counts as done.</summary>
    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        using var response = await _http.DeleteAsync(path.TrimStart('/'), ct);
        if (response.StatusCode != HttpStatusCode.NotFound)
            await ReadAsync(response, ct);
    }

    /// <summary>Watch events (type, object) from <paramref name="resourceVersion"/> until the server ends the stream.</summary>
    public async IAsyncEnumerable<(string Type, JsonObject Object)> WatchAsync(string path, string resourceVersion,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var separator = path.Contains('?') ? '&' : '?';
        using var response = await _http.GetAsync($"{path.TrimStart('/')}{separator}watch=true&allowWatchBookmarks=true&resourceVersion={resourceVersion}",
            HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"watch {path}: {(int)response.StatusCode}", null, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length > 0 && JsonNode.Parse(line) is JsonObject { } e && e["object"] is JsonObject obj)
                yield return ((string?)e["type"] ?? "", obj);
        }
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject body, string mediaType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, mediaType),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await _http.SendAsync(request, ct);
        return await ReadAsync(response, ct);
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}",
                null, response.StatusCode);
        return JsonNode.Parse(text)!.AsObject();
    }

    public void Dispose() => _http.Dispose();
}
