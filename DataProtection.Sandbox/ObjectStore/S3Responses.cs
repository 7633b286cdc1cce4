using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace DataProtection.Sandbox.ObjectStore;

/// <summary>Reads object properties from request headers and writes them back as the response headers the SDK reads (WIRE.md §1.3).</summary>
internal static class S3Responses
{
    private static readonly string[] StoredHeaders = ["cache-control", "content-disposition", "content-language", "expires"];
    private const string Sse = "x-amz-server-side-encryption";
    private const string SseKmsKeyId = "x-amz-server-side-encryption-aws-kms-key-id";

    public static async Task WriteXmlAsync(HttpResponse response, XElement root, int status = 200)
    {
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString(SaveOptions.DisableFormatting));
        response.StatusCode = status;
        response.ContentType = "application/xml";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes);
    }

    public static ObjectProperties ReadProperties(HttpRequest request)
    {
        var metadata = request.Headers
            .Where(h => h.Key.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var headers = StoredHeaders
            .Where(name => request.Headers.ContainsKey(name))
            .ToDictionary(name => name, name => request.Headers[name].ToString(), StringComparer.Ordinal);
        var encoding = string.Join(',', request.Headers.ContentEncoding.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(e => !e.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
        if (encoding.Length > 0)
        {
            headers["content-encoding"] = encoding;
        }
        var sse = request.Headers[Sse].ToString() is { Length: > 0 } s ? s : null;
        var kmsKeyId = request.Headers[SseKmsKeyId].ToString() is { Length: > 0 } k ? k : null;
        if (sse is not (null or "AES256" or "aws:kms" or "aws:kms:dsse"))
        {
            throw S3Exception.InvalidArgument($"The encryption method specified is not supported: {sse}");
        }
        if (kmsKeyId is not null && sse is not ("aws:kms" or "aws:kms:dsse"))
        {
            throw S3Exception.InvalidArgument("Specifying a KMS key id requires x-amz-server-side-encryption: aws:kms.");
        }
        var contentType = request.ContentType is { Length: > 0 } type ? type : "binary/octet-stream";
        return new ObjectProperties(contentType, metadata, headers, sse, kmsKeyId);
    }

    public static void WriteEncryption(HttpResponse response, ObjectProperties properties)
    {
        if (properties.ServerSideEncryption is { } sse)
        {
            response.Headers[Sse] = sse;
        }
        if (properties.KmsKeyId is { } keyId)
        {
            response.Headers[SseKmsKeyId] = keyId;
        }
    }

    public static void WriteChecksums(HttpResponse response, IReadOnlyDictionary<string, string> checksums)
    {
        foreach (var (name, value) in checksums)
        {
            response.Headers["x-amz-checksum-" + name] = value;
        }
    }

    /// <summary>GET's <c>response-*</c> query parameters, which presigned download links use to set the file name or type.</summary>
    public static void WriteOverrides(HttpResponse response, IReadOnlyDictionary<string, string> query)
    {
        foreach (var header in (string[])["content-type", "content-disposition", "content-encoding", "content-language", "cache-control", "expires"])
        {
            if (query.TryGetValue("response-" + header, out var value))
            {
                response.Headers[header] = value;
            }
        }
    }

    public static void WriteObjectHeaders(HttpResponse response, ObjectRecord record)
    {
        response.ContentType = record.Properties.ContentType;
        response.Headers.ETag = record.ETag;
        response.Headers.LastModified = record.LastModified.ToString("R", CultureInfo.InvariantCulture);
        response.Headers.AcceptRanges = "bytes";
        foreach (var (name, value) in record.Properties.UserMetadata.Concat(record.Properties.Headers))
        {
            response.Headers[name] = value;
        }
        WriteEncryption(response, record.Properties);
    }
}
