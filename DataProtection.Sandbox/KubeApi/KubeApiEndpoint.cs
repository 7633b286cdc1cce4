using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>The whole HTTP surface: <c>/clusters/{name}/...</c>, bearer-token checked, answered as Kubernetes would, and counted.</summary>
internal sealed class KubeApiEndpoint(IReadOnlyDictionary<string, SandboxCluster> clusters, CancellationToken stopping)
{
    public async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        if (path == "/healthz")
        {
            // Anonymous and outside any cluster, so a host can probe readiness without a token.
            await JsonResponses.WriteAsync(http, 200, new System.Text.Json.Nodes.JsonObject { ["status"] = "Healthy", ["clusters"] = clusters.Count });
            return;
        }
        var segments = path.Split('/', 4);
        if (segments.Length < 3 || segments[1] != "clusters" || !clusters.TryGetValue(segments[2], out var cluster))
        {
            await JsonResponses.WriteAsync(http, 404, KubeApiException.ResourceNotFound().ToStatus());
            return;
        }
        var counter = new CountingStream(http.Response.Body);
        http.Response.Body = counter;
        var request = new KubeRequest(http, cluster.State, "/" + (segments.Length > 3 ? segments[3] : ""), stopping);
        try
        {
            if (!Authorized(http, cluster.Token))
                throw new KubeApiException(401, "Unauthorized", "Unauthorized");
            await KubeApiRouter.DispatchAsync(request);
        }
        catch (KubeApiException e) when (!http.Response.HasStarted)
        {
            await JsonResponses.WriteAsync(http, e.Code, e.ToStatus());
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client left; nothing to answer.
        }
        catch (Exception e) when (!http.Response.HasStarted && e is not OperationCanceledException)
        {
            await JsonResponses.WriteAsync(http, 500, Status.Failure(500, "InternalError", $"sandbox error: {e.GetType().Name}: {e.Message}"));
        }
        finally
        {
            cluster.Requests.Add(new RequestRecord(request.Verb, request.Path, (http.Request.QueryString.Value ?? "").TrimStart('?'),
                http.Response.StatusCode, counter.Count, request.Paginated, request.Accept));
        }
    }

    private static bool Authorized(HttpContext http, string token)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
