using System.Globalization;

namespace DataProtection.Sandbox.ObjectStore;

internal sealed class BucketHandlers(S3Store store, S3Credentials credentials)
{
    public Task ListBucketsAsync(S3Request request) =>
        S3Responses.WriteXmlAsync(request.Response, S3Xml.ListBuckets(store.ListBuckets(), credentials.AccessKey));

    public async Task CreateBucketAsync(S3Request request)
    {
        await DrainBodyAsync(request);
        store.CreateBucket(request.Bucket);
        request.Response.Headers.Location = "/" + request.Bucket;
        request.Response.ContentLength = 0;
    }

    public Task HeadBucketAsync(S3Request request)
    {
        if (!store.BucketExists(request.Bucket))
        {
            throw S3Exception.NoSuchBucket();
        }
        return Task.CompletedTask;
    }

    /// <summary>The SDK's bucket-exists check asks for the ACL; the single account owns everything.</summary>
    public Task GetAclAsync(S3Request request) => store.BucketExists(request.Bucket)
        ? S3Responses.WriteXmlAsync(request.Response, S3Xml.OwnerFullControl(credentials.AccessKey))
        : throw S3Exception.NoSuchBucket();

    public Task GetLocationAsync(S3Request request) => store.BucketExists(request.Bucket)
        ? S3Responses.WriteXmlAsync(request.Response, S3Xml.Location(credentials.Region))
        : throw S3Exception.NoSuchBucket();

    public Task DeleteBucketAsync(S3Request request)
    {
        store.DeleteBucket(request.Bucket);
        request.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    public Task ListObjectsV2Async(S3Request request)
    {
        var query = request.Query;
        var token = query.GetValueOrDefault("continuation-token");
        var listing = new ListingRequest(query.GetValueOrDefault("prefix") ?? "", NullIfEmpty(query.GetValueOrDefault("delimiter")), MaxKeys(query),
            token is null ? null : ObjectListing.DecodeToken(token), NullIfEmpty(query.GetValueOrDefault("start-after")));
        var page = ObjectListing.List(store.ListObjects(request.Bucket), listing);
        return S3Responses.WriteXmlAsync(request.Response, S3Xml.ListObjectsV2(request.Bucket, listing, token, page, UrlEncoding(query)));
    }

    /// <summary>The original listing: marker is a key, and NextMarker is the last entry returned (what s3rver and S3 send).</summary>
    public Task ListObjectsV1Async(S3Request request)
    {
        var query = request.Query;
        var marker = NullIfEmpty(query.GetValueOrDefault("marker"));
        var listing = new ListingRequest(query.GetValueOrDefault("prefix") ?? "", NullIfEmpty(query.GetValueOrDefault("delimiter")), MaxKeys(query), marker, null);
        var page = ObjectListing.List(store.ListObjects(request.Bucket), listing);
        var next = page.IsTruncated ? page.Contents.Select(c => c.Key).Concat(page.CommonPrefixes).Max(StringComparer.Ordinal) : null;
        return S3Responses.WriteXmlAsync(request.Response, S3Xml.ListObjectsV1(request.Bucket, listing, page, next, UrlEncoding(query)));
    }

    private static async Task DrainBodyAsync(S3Request request) =>
        await RequestBody.DrainAsync(RequestBody.Open(request.Http, request.Verified).Body, request.Aborted);

    private static bool UrlEncoding(IReadOnlyDictionary<string, string> query) => query.GetValueOrDefault("encoding-type") == "url";

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static int MaxKeys(IReadOnlyDictionary<string, string> query)
    {
        if (!query.TryGetValue("max-keys", out var text))
        {
            return ObjectListing.DefaultMaxKeys;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? Math.Min(value, ObjectListing.DefaultMaxKeys)
            : throw S3Exception.InvalidArgument("Provided max-keys not an integer or within integer range");
    }
}
