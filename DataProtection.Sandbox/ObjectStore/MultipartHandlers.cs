using System.Globalization;

namespace DataProtection.Sandbox.ObjectStore;

internal sealed class MultipartHandlers(MultipartUploads uploads)
{
    public Task CreateAsync(S3Request request)
    {
        var properties = S3Responses.ReadProperties(request.Http);
        var uploadId = uploads.Create(request.Bucket, request.Key, properties);
        S3Responses.WriteEncryption(request.Response, properties);
        return S3Responses.WriteXmlAsync(request.Response, S3Xml.InitiateMultipartUpload(request.Bucket, request.Key, uploadId));
    }

    public async Task UploadPartAsync(S3Request request)
    {
        if (!int.TryParse(request.Query.GetValueOrDefault("partNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber))
        {
            throw S3Exception.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive");
        }
        var (body, checksums) = RequestBody.Open(request.Http, request.Verified);
        var etag = await uploads.UploadPartAsync(request.Bucket, request.Key, request.Query["uploadId"], partNumber, body, request.Aborted);
        request.Response.Headers.ETag = etag;
        S3Responses.WriteChecksums(request.Response, checksums);
        request.Response.ContentLength = 0;
    }

    public async Task CompleteAsync(S3Request request)
    {
        var parts = await S3Xml.ReadCompleteAsync(RequestBody.Open(request.Http, request.Verified).Body, request.Aborted);
        var record = await uploads.CompleteAsync(request.Bucket, request.Key, request.Query["uploadId"], parts, request.Aborted);
        var location = new Uri($"{request.Http.Scheme}://{request.Http.Host}/{request.Bucket}/{SigV4.Encode(request.Key, keepSlash: true)}");
        S3Responses.WriteEncryption(request.Response, record.Properties);
        await S3Responses.WriteXmlAsync(request.Response, S3Xml.CompleteMultipartUpload(location, request.Bucket, request.Key, record.ETag));
    }

    public Task AbortAsync(S3Request request)
    {
        uploads.Abort(request.Bucket, request.Key, request.Query["uploadId"]);
        request.Response.StatusCode = 204;
        return Task.CompletedTask;
    }
}
