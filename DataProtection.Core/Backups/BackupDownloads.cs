using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using DataProtection.Core.Common;
using DataProtection.Core.Protection;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Backups;

/// <summary>
/// Reads a backup's files as <c>velero backup logs</c> does: create a DownloadRequest, watch it until Velero has processed it,
/// GET the presigned URL, gunzip, delete the request. The dashboard never holds bucket credentials for this.
/// </summary>
internal sealed class BackupDownloads(IHttpClientFactory http, IOptions<BackupsOptions> options)
{
    public const string HttpClientName = "backup-downloads";

    public Task<string> DownloadTextAsync(k8s.Kubernetes client, string ns, string kind, string backup, CancellationToken ct) =>
        WithUrlAsync(client, ns, kind, backup, async url =>
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            EnsureFound(response, kind, backup);
            await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(ct), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return await reader.ReadToEndAsync(ct);
        }, ct);

    /// <summary>
    /// Gives <paramref name="use"/> a way to open the backup's tarball (compressed) as often as it needs while one
    /// DownloadRequest's URL is valid; each open is a fresh streaming GET, nothing is buffered or written to disk.
    /// </summary>
    public Task<T> WithContentsAsync<T>(k8s.Kubernetes client, string ns, string backup, Func<Func<CancellationToken, Task<Stream>>, Task<T>> use,
        CancellationToken ct) =>
        WithUrlAsync(client, ns, "BackupContents", backup, url => use(async c =>
        {
            var response = await http.CreateClient(HttpClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, c);
            EnsureFound(response, "BackupContents", backup);
            return await response.Content.ReadAsStreamAsync(c);
        }), ct);

    /// <summary>
    /// The size of the backup's tarball in the bucket, read from a one-byte ranged GET (a HEAD would not match the URL's
    /// GET signature). File-system volume data lives in the Kopia repository and is not counted.
    /// </summary>
    public Task<long> ContentsSizeAsync(k8s.Kubernetes client, string ns, string backup, CancellationToken ct) =>
        WithUrlAsync(client, ns, "BackupContents", backup, async url =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 0);
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            EnsureFound(response, "BackupContents", backup);
            return response.Content.Headers.ContentRange?.Length ?? response.Content.Headers.ContentLength
                ?? throw new InvalidOperationException($"The storage location did not say how large the tarball of {backup} is.");
        }, ct);

    private async Task<T> WithUrlAsync<T>(k8s.Kubernetes client, string ns, string kind, string backup, Func<string, Task<T>> use, CancellationToken ct)
    {
        var collection = $"apis/velero.io/v1/namespaces/{ns}/downloadrequests";
        var request = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "DownloadRequest",
            ["metadata"] = new JsonObject { ["generateName"] = backup.Length > 200 ? backup[..200] + "-" : backup + "-", ["namespace"] = ns },
            ["spec"] = new JsonObject { ["target"] = new JsonObject { ["kind"] = kind, ["name"] = backup } },
        };
        var created = await client.CreateAsync(collection, request, ct);
        var name = BackupObject.Name(created);
        try
        {
            return await use(await WaitForUrlAsync(client, collection, name, BackupObject.ResourceVersion(created) ?? "0", kind, backup, ct));
        }
        finally
        {
            await client.DeleteAsync($"{collection}/{name}", CancellationToken.None);
        }
    }

    private static void EnsureFound(HttpResponseMessage response, string kind, string backup)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new NotFoundException($"The {kind} of backup {backup} is not in its storage location (Velero writes it when the backup ends).");
        }
        response.EnsureSuccessStatusCode();
    }

    private async Task<string> WaitForUrlAsync(k8s.Kubernetes client, string collection, string name, string version, string kind, string backup,
        CancellationToken ct)
    {
        var timeout = options.Value.DownloadTimeoutSeconds;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(timeout));
        try
        {
            var query = $"fieldSelector={Uri.EscapeDataString("metadata.name=" + name)}&resourceVersion={version}&timeoutSeconds={timeout}";
            await foreach (var e in client.WatchAsync(collection, query, limit.Token))
            {
                if (e.Type == "ERROR")
                {
                    throw WatchStream.ToException(e);
                }
                if ((string?)e.Object["status"]?["phase"] == "Processed" && (string?)e.Object["status"]?["downloadURL"] is { Length: > 0 } url)
                {
                    return url;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw NotProcessed(kind, backup, timeout);
        }
        throw NotProcessed(kind, backup, timeout);
    }

    private static TimeoutException NotProcessed(string kind, string backup, int timeout) =>
        new($"Velero did not process the {kind} DownloadRequest for {backup} within {timeout} s: is the velero deployment running?");
}
