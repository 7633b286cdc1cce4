using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.ObjectStore;

/// <summary>One parsed S3 request: bucket and key come from the raw target, since Kestrel's decoded path rewrites keys (WIRE.md G1).</summary>
internal sealed record S3Request(HttpContext Context, string Bucket, string Key, IReadOnlyDictionary<string, string> Query, VerifiedRequest Verified)
{
    public HttpRequest Http => Context.Request;

    public HttpResponse Response => Context.Response;

    public CancellationToken Aborted => Context.RequestAborted;

    public bool Has(string parameter) => Query.ContainsKey(parameter);
}

/// <summary>
/// The S3 request pipeline: authenticate, route path-style operations, and turn <see cref="S3Exception"/>s into S3 error documents.
/// Use <see cref="HandleAsync"/> as a terminal middleware (<c>app.Run(endpoint.HandleAsync)</c>) on a host of its own port.
/// </summary>
public sealed class S3Endpoint(S3Store store, S3Credentials credentials, TimeProvider time, ILogger<S3Endpoint> logger)
{
    private static readonly HashSet<string> ListV1Parameters = ["prefix", "delimiter", "marker", "max-keys", "encoding-type"];
    private readonly BucketHandlers _buckets = new(store, credentials);
    private readonly ObjectHandlers _objects = new(store);
    private readonly MultipartHandlers _multipart = new(new MultipartUploads(store));

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        context.Response.Headers["x-amz-request-id"] = requestId;
        // Kestrel counts encoded aws-chunked bytes against its 30 MB default (WIRE.md G2); objects are streamed to disk anyway.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = null;
        }
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var queryAt = rawTarget.IndexOf('?');
        var rawPath = queryAt < 0 ? rawTarget : rawTarget[..queryAt];
        var rawQuery = queryAt < 0 ? "" : rawTarget[(queryAt + 1)..];
        try
        {
            var query = SigV4Verifier.ParseQuery(rawQuery);
            var signed = new SigV4Request(context.Request.Method, rawPath, rawQuery, name => Header(context.Request, name));
            var hasBody = context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0;
            var verified = SigV4Verifier.Verify(signed, query, credentials, time.GetUtcNow(), hasBody);
            var path = Encoding.UTF8.GetString(SigV4.PercentDecode(rawPath)).TrimStart('/');
            var slash = path.IndexOf('/');
            var request = new S3Request(context, slash < 0 ? path : path[..slash], slash < 0 ? "" : path[(slash + 1)..], query, verified);
            // Without x-amz-content-sha256 the signature covers the body hash, so a handler that ignores the body must not act unverified.
            if (verified.ContentSha256 is null && !ConsumesBody(request))
            {
                await RequestBody.DrainAsync(RequestBody.Open(context.Request, verified).Body, context.RequestAborted);
            }
            await RouteAsync(request);
        }
        catch (S3Exception error)
        {
            await WriteErrorAsync(context, error, rawPath, requestId);
        }
        catch (Exception error) when (error is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(error, "S3 request {Method} {Target} failed", context.Request.Method, rawTarget);
            await WriteErrorAsync(context, new S3Exception("InternalError", 500, "We encountered an internal error. Please try again."), rawPath, requestId);
        }
    }

    private Task RouteAsync(S3Request request)
    {
        var method = request.Http.Method;
        if (request.Bucket.Length == 0)
        {
            return method == "GET" ? _buckets.ListBucketsAsync(request) : throw S3Exception.MethodNotAllowed();
        }
        if (request.Key.Length == 0)
        {
            return method switch
            {
                "PUT" => _buckets.CreateBucketAsync(request),
                "HEAD" => _buckets.HeadBucketAsync(request),
                "DELETE" => _buckets.DeleteBucketAsync(request),
                "GET" when request.Query.GetValueOrDefault("list-type") == "2" => _buckets.ListObjectsV2Async(request),
                "GET" when request.Has("acl") => _buckets.GetAclAsync(request),
                "GET" when request.Has("location") => _buckets.GetLocationAsync(request),
                "GET" when request.Query.Keys.All(ListV1Parameters.Contains) => _buckets.ListObjectsV1Async(request),
                "POST" when request.Has("delete") => _objects.DeleteObjectsAsync(request),
                "GET" or "POST" => throw S3Exception.NotImplemented(),
                _ => throw S3Exception.MethodNotAllowed(),
            };
        }
        return method switch
        {
            "PUT" when request.Http.Headers.ContainsKey("x-amz-copy-source") => throw S3Exception.NotImplemented(),
            "PUT" when request.Has("uploadId") => _multipart.UploadPartAsync(request),
            "PUT" => _objects.PutObjectAsync(request),
            "GET" or "HEAD" => _objects.GetObjectAsync(request),
            "DELETE" when request.Has("uploadId") => _multipart.AbortAsync(request),
            "DELETE" => _objects.DeleteObjectAsync(request),
            "POST" when request.Has("uploads") => _multipart.CreateAsync(request),
            "POST" when request.Has("uploadId") => _multipart.CompleteAsync(request),
            _ => throw S3Exception.MethodNotAllowed(),
        };
    }

    /// <summary>Handlers that read the whole body through <see cref="RequestBody"/> before they change anything.</summary>
    private static bool ConsumesBody(S3Request request) =>
        HttpMethods.IsPut(request.Http.Method) || (HttpMethods.IsPost(request.Http.Method) && (request.Has("delete") || request.Has("uploadId")));

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) ? string.Join(',', values.ToArray()) : null;

    private static async Task WriteErrorAsync(HttpContext context, S3Exception error, string resource, string requestId)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }
        context.Response.Clear();
        context.Response.Headers["x-amz-request-id"] = requestId;
        context.Response.StatusCode = error.Status;
        if (error.Code == "InvalidRange" && context.Items.TryGetValue(ObjectHandlers.SizeItem, out var size))
        {
            context.Response.Headers.ContentRange = $"bytes */{size}";
        }
        // HEAD errors carry no body; the SDK derives NotFound/Forbidden from the status (WIRE.md §5, G20).
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        await S3Responses.WriteXmlAsync(context.Response, S3Xml.Error(error.Code, error.Message, Uri.UnescapeDataString(resource), requestId), error.Status);
    }
}
