using System.Globalization;
using System.Net.Http.Headers;
using System.Xml.Linq;
using DataProtection.Sandbox.ObjectStore;

namespace DataProtection.Sandbox.Velero;

/// <summary>The S3 calls Velero's AWS plugin makes, path-style and SigV4-signed in headers.</summary>
internal sealed class S3Client(HttpClient http, Uri endpoint, S3Credentials credentials, TimeProvider time)
{
    private static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>The common prefixes directly under <paramref name="prefix"/> (ListObjectsV2 with delimiter <c>/</c>).</summary>
    public async Task<IReadOnlyList<string>> ListCommonPrefixesAsync(string bucket, string prefix, CancellationToken ct)
    {
        var result = new List<string>();
        await foreach (var page in ListPagesAsync(bucket, prefix, "/", ct))
            result.AddRange(page.Descendants(S3 + "CommonPrefixes").Select(p => (string)p.Element(S3 + "Prefix")!));
        return result;
    }

    public async Task<IReadOnlyList<string>> ListKeysAsync(string bucket, string prefix, CancellationToken ct)
    {
        var result = new List<string>();
        await foreach (var page in ListPagesAsync(bucket, prefix, null, ct))
            result.AddRange(page.Descendants(S3 + "Contents").Select(c => (string)c.Element(S3 + "Key")!));
        return result;
    }

    public async Task PutObjectAsync(string bucket, string key, byte[] body, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Put, bucket, key, "", new ByteArrayContent(body), SigV4.Sha256Hex(body), ct);
    }

    /// <summary>The object's bytes, or null when the key does not exist.</summary>
    public async Task<byte[]?> GetObjectAsync(string bucket, string key, CancellationToken ct)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, bucket, key, "", null, SigV4.EmptySha256, ct);
            return await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (S3ClientException e) when (e.Code == "NoSuchKey")
        {
            return null;
        }
    }

    /// <summary>Uploads a file from disk in one streamed PUT, so the object never sits in memory.</summary>
    public async Task PutFileAsync(string bucket, string key, string path, CancellationToken ct)
    {
        string hash;
        await using (var hashed = File.OpenRead(path))
            hash = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(hashed, ct));
        await using var body = File.OpenRead(path);
        using var response = await SendAsync(HttpMethod.Put, bucket, key, "", new StreamContent(body), hash, ct);
    }

    /// <summary>The object's response with only its headers read, so the body can be streamed; the caller disposes it.</summary>
    public Task<HttpResponseMessage> GetObjectStreamAsync(string bucket, string key, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, bucket, key, "", null, SigV4.EmptySha256, ct, HttpCompletionOption.ResponseHeadersRead);

    public async Task DeleteObjectAsync(string bucket, string key, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Delete, bucket, key, "", null, SigV4.EmptySha256, ct);
    }

    public string PresignGetUrl(string bucket, string key, TimeSpan expiry) =>
        Presigner.PresignUrl(endpoint, credentials, "GET", bucket, key, expiry, time.GetUtcNow());

    private async IAsyncEnumerable<XDocument> ListPagesAsync(string bucket, string prefix, string? delimiter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? token = null;
        do
        {
            var query = new List<string> { "list-type=2", $"prefix={SigV4.Encode(prefix, keepSlash: false)}" };
            if (delimiter is not null)
                query.Add($"delimiter={SigV4.Encode(delimiter, keepSlash: false)}");
            if (token is not null)
                query.Add($"continuation-token={SigV4.Encode(token, keepSlash: false)}");
            using var response = await SendAsync(HttpMethod.Get, bucket, "", string.Join('&', query), null, SigV4.EmptySha256, ct);
            var page = XDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            yield return page;
            token = (string?)page.Root?.Element(S3 + "NextContinuationToken");
        }
        while (token is not null);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string bucket, string key, string query, HttpContent? content,
        string payloadHash, CancellationToken ct, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var path = key.Length == 0 ? $"/{bucket}" : $"/{bucket}/{SigV4.Encode(key, keepSlash: true)}";
        var amzDate = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
        const string signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        var canonical = SigV4.CanonicalRequest(method.Method, SigV4.CanonicalUri(path), SigV4.CanonicalQuery(query, omitSignature: false),
            $"host:{host}\nx-amz-content-sha256:{payloadHash}\nx-amz-date:{amzDate}\n", signedHeaders, payloadHash);
        var scope = SigV4.Scope(amzDate[..8], credentials.Region);
        var signature = SigV4.Sign(SigV4.SigningKey(credentials.SecretKey, amzDate[..8], credentials.Region), SigV4.StringToSign(amzDate, scope, canonical));
        using var request = new HttpRequestMessage(method, $"{endpoint.Scheme}://{host}{path}{(query.Length > 0 ? "?" + query : "")}") { Content = content };
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        request.Headers.Authorization = new AuthenticationHeaderValue(SigV4.Algorithm,
            $"Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        var response = await http.SendAsync(request, completion, ct);
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            var code = body.Length > 0 ? (string?)XDocument.Parse(body).Root?.Element("Code") : null;
            throw new S3ClientException(code ?? response.StatusCode.ToString(), $"{method} {path}: {(int)response.StatusCode} {code}");
        }
    }
}

internal sealed class S3ClientException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
