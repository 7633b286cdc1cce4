using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Backups;

/// <summary>One line of a watch: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR (whose object is a Status).</summary>
internal sealed record WatchEvent(string Type, JsonObject Object);

/// <summary>
/// A raw watch through the client's own HttpClient. Its timeout covers only the response headers (ResponseHeadersRead),
/// so a watch may stay open for <c>timeoutSeconds</c> while ordinary requests keep their short timeout.
/// </summary>
internal static class WatchStream
{
    public static async IAsyncEnumerable<WatchEvent> WatchAsync(this k8s.Kubernetes client, string collection, string query,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var uri = new Uri(client.BaseUri.AbsoluteUri.TrimEnd('/') + "/" + collection.TrimStart('/') + "?watch=true&" + query);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        await client.Credentials.ProcessHttpRequestAsync(request, ct);
        using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new KubernetesApiException(response.StatusCode, StatusMessage(body));
        }
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var node = JsonNode.Parse(line);
            if (node?["type"]?.GetValue<string>() is { } type && node["object"] is JsonObject obj)
            {
                yield return new WatchEvent(type, obj);
            }
        }
    }

    /// <summary>An ERROR event's Status turned into the exception a failed request would have given.</summary>
    public static KubernetesApiException ToException(WatchEvent e) =>
        new((HttpStatusCode)((int?)e.Object["code"] ?? 500), (string?)e.Object["message"] ?? "watch error");

    private static string StatusMessage(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["message"]?.GetValue<string>() ?? body;
        }
        catch (System.Text.Json.JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }
}
