using Microsoft.AspNetCore.Http;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>One request to one cluster; the router fills in what accounting reports.</summary>
internal sealed class KubeRequest(HttpContext http, ClusterState cluster, string path, CancellationToken stopping)
{
    public HttpContext Http { get; } = http;
    public ClusterState Cluster { get; } = cluster;
    public string Path { get; } = path;
    public string Verb { get; set; } = "get";
    public bool Paginated { get; set; }

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    public bool Flag(string name) => Query(name) is "true" or "1";

    public WriteOptions WriteOptions =>
        new(DryRun: Query("dryRun") is { Length: > 0 }, Strict: string.Equals(Query("fieldValidation"), "Strict", StringComparison.OrdinalIgnoreCase));

    public string? Accept => Http.Request.Headers.Accept.ToString() is { Length: > 0 } accept ? accept : null;

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>Fires when the server shuts down, so open watches end instead of holding the shutdown up.</summary>
    public CancellationToken Stopping { get; } = stopping;
}
