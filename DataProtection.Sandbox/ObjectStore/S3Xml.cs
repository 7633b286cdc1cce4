using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace DataProtection.Sandbox.ObjectStore;

/// <summary>The response documents of WIRE.md §1.1–1.2 and the two request documents the SDK sends.</summary>
internal static class S3Xml
{
    private static readonly XNamespace Ns = "http://s3.amazonaws.com/doc/2006-03-01/";
    private const long MaxRequestDocument = 4 * 1024 * 1024;

    public static XElement Error(string code, string message, string resource, string requestId) =>
        new("Error", new XElement("Code", code), new XElement("Message", message), new XElement("Resource", resource), new XElement("RequestId", requestId));

    public static XElement ListBuckets(IEnumerable<(string Name, DateTimeOffset Created)> buckets, string owner) =>
        new(Ns + "ListAllMyBucketsResult",
            new XElement(Ns + "Owner", new XElement(Ns + "ID", owner), new XElement(Ns + "DisplayName", owner)),
            new XElement(Ns + "Buckets", buckets.Select(b =>
                new XElement(Ns + "Bucket", new XElement(Ns + "Name", b.Name), new XElement(Ns + "CreationDate", Timestamp(b.Created))))));

    public static XElement ListObjectsV2(string bucket, ListingRequest request, string? token, ListingPage page, bool urlEncode)
    {
        string Enc(string value) => urlEncode ? SigV4.Encode(value, keepSlash: true) : value;
        return new XElement(Ns + "ListBucketResult",
            new XElement(Ns + "Name", bucket),
            new XElement(Ns + "Prefix", Enc(request.Prefix)),
            request.Delimiter is null ? null : new XElement(Ns + "Delimiter", Enc(request.Delimiter)),
            new XElement(Ns + "MaxKeys", request.MaxKeys),
            urlEncode ? new XElement(Ns + "EncodingType", "url") : null,
            new XElement(Ns + "KeyCount", page.Contents.Count + page.CommonPrefixes.Count),
            new XElement(Ns + "IsTruncated", page.IsTruncated ? "true" : "false"),
            token is null ? null : new XElement(Ns + "ContinuationToken", token),
            page.NextContinuationToken is null ? null : new XElement(Ns + "NextContinuationToken", page.NextContinuationToken),
            request.StartAfter is null ? null : new XElement(Ns + "StartAfter", Enc(request.StartAfter)),
            Entries(page, Enc));
    }

    public static XElement ListObjectsV1(string bucket, ListingRequest request, ListingPage page, string? nextMarker, bool urlEncode)
    {
        string Enc(string value) => urlEncode ? SigV4.Encode(value, keepSlash: true) : value;
        return new XElement(Ns + "ListBucketResult",
            new XElement(Ns + "Name", bucket),
            new XElement(Ns + "Prefix", Enc(request.Prefix)),
            new XElement(Ns + "Marker", Enc(request.Marker ?? "")),
            nextMarker is null ? null : new XElement(Ns + "NextMarker", Enc(nextMarker)),
            new XElement(Ns + "MaxKeys", request.MaxKeys),
            request.Delimiter is null ? null : new XElement(Ns + "Delimiter", Enc(request.Delimiter)),
            urlEncode ? new XElement(Ns + "EncodingType", "url") : null,
            new XElement(Ns + "IsTruncated", page.IsTruncated ? "true" : "false"),
            Entries(page, Enc));
    }

    private static IEnumerable<XElement> Entries(ListingPage page, Func<string, string> enc) =>
        page.Contents.Select(o => new XElement(Ns + "Contents",
                new XElement(Ns + "Key", enc(o.Key)),
                new XElement(Ns + "LastModified", Timestamp(o.LastModified)),
                new XElement(Ns + "ETag", o.ETag),
                new XElement(Ns + "Size", o.Size),
                new XElement(Ns + "StorageClass", "STANDARD")))
            .Concat(page.CommonPrefixes.Select(p => new XElement(Ns + "CommonPrefixes", new XElement(Ns + "Prefix", enc(p)))));

    public static XElement OwnerFullControl(string owner)
    {
        XNamespace xsi = "http://www.w3.org/2001/XMLSchema-instance";
        return new XElement(Ns + "AccessControlPolicy",
            new XElement(Ns + "Owner", new XElement(Ns + "ID", owner), new XElement(Ns + "DisplayName", owner)),
            new XElement(Ns + "AccessControlList", new XElement(Ns + "Grant",
                new XElement(Ns + "Grantee", new XAttribute(XNamespace.Xmlns + "xsi", xsi), new XAttribute(xsi + "type", "CanonicalUser"),
                    new XElement(Ns + "ID", owner), new XElement(Ns + "DisplayName", owner)),
                new XElement(Ns + "Permission", "FULL_CONTROL"))));
    }

    /// <summary>us-east-1 is spelled as an empty constraint, as S3 does.</summary>
    public static XElement Location(string region) => new(Ns + "LocationConstraint", region == "us-east-1" ? "" : region);

    public static XElement InitiateMultipartUpload(string bucket, string key, string uploadId) =>
        new(Ns + "InitiateMultipartUploadResult", new XElement(Ns + "Bucket", bucket), new XElement(Ns + "Key", key), new XElement(Ns + "UploadId", uploadId));

    public static XElement CompleteMultipartUpload(Uri location, string bucket, string key, string etag) =>
        new(Ns + "CompleteMultipartUploadResult", new XElement(Ns + "Location", location.AbsoluteUri), new XElement(Ns + "Bucket", bucket),
            new XElement(Ns + "Key", key), new XElement(Ns + "ETag", etag));

    public static XElement DeleteResult(IEnumerable<string> deleted, IEnumerable<(string Key, S3Exception Error)> errors, bool quiet) =>
        new(Ns + "DeleteResult",
            quiet ? null : deleted.Select(k => new XElement(Ns + "Deleted", new XElement(Ns + "Key", k))),
            errors.Select(e => new XElement(Ns + "Error", new XElement(Ns + "Key", e.Key), new XElement(Ns + "Code", e.Error.Code),
                new XElement(Ns + "Message", e.Error.Message))));

    public static async Task<(IReadOnlyList<string> Keys, bool Quiet)> ReadDeleteAsync(Stream body, CancellationToken cancellationToken)
    {
        var root = await LoadAsync(body, "Delete", cancellationToken);
        var keys = root.Elements().Where(e => e.Name.LocalName == "Object")
            .Select(o => o.Elements().FirstOrDefault(e => e.Name.LocalName == "Key")?.Value ?? throw S3Exception.MalformedXml())
            .ToList();
        var quiet = root.Elements().FirstOrDefault(e => e.Name.LocalName == "Quiet")?.Value.Trim() == "true";
        return keys.Count is 0 or > 1000 ? throw S3Exception.MalformedXml() : (keys, quiet);
    }

    public static async Task<IReadOnlyList<(int Number, string ETag)>> ReadCompleteAsync(Stream body, CancellationToken cancellationToken)
    {
        var root = await LoadAsync(body, "CompleteMultipartUpload", cancellationToken);
        return [.. root.Elements().Where(e => e.Name.LocalName == "Part").Select(part =>
        {
            var number = part.Elements().FirstOrDefault(e => e.Name.LocalName == "PartNumber")?.Value;
            var etag = part.Elements().FirstOrDefault(e => e.Name.LocalName == "ETag")?.Value;
            return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && etag is not null
                ? (n, etag)
                : throw S3Exception.MalformedXml();
        })];
    }

    public static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static async Task<XElement> LoadAsync(Stream body, string rootName, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxRequestDocument)
            {
                throw S3Exception.MalformedXml();
            }
        }
        buffer.Position = 0;
        try
        {
            var root = XDocument.Load(buffer).Root;
            return root?.Name.LocalName == rootName ? root : throw S3Exception.MalformedXml();
        }
        catch (XmlException)
        {
            throw S3Exception.MalformedXml();
        }
    }
}
