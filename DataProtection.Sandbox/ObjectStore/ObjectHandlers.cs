using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace DataProtection.Sandbox.ObjectStore;

internal sealed class ObjectHandlers(S3Store store)
{
    public const string SizeItem = "s3.object-size";

    public async Task PutObjectAsync(S3Request request)
    {
        var properties = S3Responses.ReadProperties(request.Http);
        if (!store.BucketExists(request.Bucket))
        {
            throw S3Exception.NoSuchBucket();
        }
        var (body, checksums) = RequestBody.Open(request.Http, request.Verified);
        using var blob = await store.WriteTempAsync(body, request.Aborted);
        CheckContentMd5(request.Http, blob);
        var record = store.CommitObject(request.Bucket, request.Key, blob, properties with { Checksums = checksums });
        request.Response.Headers.ETag = record.ETag;
        S3Responses.WriteEncryption(request.Response, properties);
        S3Responses.WriteChecksums(request.Response, checksums);
        request.Response.ContentLength = 0;
    }

    public async Task GetObjectAsync(S3Request request)
    {
        var (record, data) = store.OpenObject(request.Bucket, request.Key);
        await using var _ = data;
        request.Context.Items[SizeItem] = record.Size;
        var response = request.Response;
        S3Responses.WriteObjectHeaders(response, record);
        S3Responses.WriteOverrides(response, request.Query);
        var range = ParseRange(request.Http.Headers.Range.ToString(), record.Size);
        var (offset, length) = range ?? (0, record.Size);
        if (range is null && request.Http.Headers["x-amz-checksum-mode"] == "ENABLED")
        {
            S3Responses.WriteChecksums(response, record.Properties.Checksums);
        }
        if (range is not null)
        {
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{record.Size}";
        }
        response.ContentLength = length;
        if (HttpMethods.IsHead(request.Http.Method))
        {
            return;
        }
        data.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[64 * 1024];
        var remaining = length;
        while (remaining > 0)
        {
            var read = await data.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), request.Aborted);
            if (read == 0)
            {
                throw new IOException($"Object data for {request.Bucket}/{request.Key} ended early.");
            }
            await response.Body.WriteAsync(buffer.AsMemory(0, read), request.Aborted);
            remaining -= read;
        }
    }

    public Task DeleteObjectAsync(S3Request request)
    {
        store.DeleteObject(request.Bucket, request.Key);
        request.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    public async Task DeleteObjectsAsync(S3Request request)
    {
        if (!store.BucketExists(request.Bucket))
        {
            throw S3Exception.NoSuchBucket();
        }
        var (keys, quiet) = await S3Xml.ReadDeleteAsync(RequestBody.Open(request.Http, request.Verified).Body, request.Aborted);
        foreach (var key in keys)
        {
            store.DeleteObject(request.Bucket, key);
        }
        await S3Responses.WriteXmlAsync(request.Response, S3Xml.DeleteResult(keys, [], quiet));
    }

    /// <summary>One <c>bytes=</c> range as (offset, length); null means the whole object (no, or an unsupported, Range header).</summary>
    internal static (long Offset, long Length)? ParseRange(string header, long size)
    {
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(','))
        {
            return null;
        }
        var spec = header["bytes=".Length..].Split('-');
        if (spec.Length != 2)
        {
            return null;
        }
        static long? Number(string text) => long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var (first, last) = (Number(spec[0]), Number(spec[1]));
        if (first is null && last is null || first > last)
        {
            return null;
        }
        if (first is null)
        {
            return last == 0 || size == 0 ? throw S3Exception.InvalidRange() : (Math.Max(0, size - last!.Value), Math.Min(size, last!.Value));
        }
        if (first >= size)
        {
            throw S3Exception.InvalidRange();
        }
        var end = Math.Min(last ?? size - 1, size - 1);
        return (first.Value, end - first.Value + 1);
    }

    private static void CheckContentMd5(HttpRequest request, TempBlob blob)
    {
        var declared = request.Headers["Content-MD5"].ToString();
        if (declared.Length > 0 && declared != Convert.ToBase64String(blob.Md5))
        {
            throw S3Exception.BadDigest("Content-MD5");
        }
    }
}
