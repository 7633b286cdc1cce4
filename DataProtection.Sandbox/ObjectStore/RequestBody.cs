using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace DataProtection.Sandbox.ObjectStore;

/// <summary>
/// Wraps the request body so that reading it to the end verifies it: payload hash or deferred signature, aws-chunked framing and
/// chunk signatures, and any <c>x-amz-checksum-*</c> header or trailer. A fault throws while reading, before anything is committed.
/// </summary>
internal static class RequestBody
{
    public static (Stream Body, IReadOnlyDictionary<string, string> Checksums) Open(HttpRequest request, VerifiedRequest verified)
    {
        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        var body = Decode(request, verified, out var trailers);
        var trailerNames = (request.Headers["x-amz-trailer"].ToString()).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in S3Checksum.Names)
        {
            var header = "x-amz-checksum-" + name;
            var fromTrailer = trailers is not null && trailerNames.Contains(header, StringComparer.OrdinalIgnoreCase);
            var declared = request.Headers[header].ToString();
            if (!fromTrailer && declared.Length == 0)
            {
                continue;
            }
            var checksum = S3Checksum.Create(name)!;
            body = new ObservingStream(body, checksum.Append, () =>
            {
                var expected = fromTrailer ? trailers!.Trailers.GetValueOrDefault(header) : declared;
                var actual = checksum.FinishBase64();
                if (expected != actual)
                {
                    throw S3Exception.BadDigest(header);
                }
                checksums[name] = actual;
            });
        }
        return (body, checksums);
    }

    private static Stream Decode(HttpRequest request, VerifiedRequest verified, out AwsChunkedStream? chunked)
    {
        chunked = null;
        var raw = request.Body;
        switch (verified.ContentSha256)
        {
            case null:
                return Hashing(raw, hash => verified.Auth.Matches(hash) ? null : S3Exception.SignatureDoesNotMatch());
            case SigV4.UnsignedPayload:
                return raw;
            case SigV4.StreamingSigned or SigV4.StreamingSignedTrailer or SigV4.StreamingUnsignedTrailer:
                if (!long.TryParse(request.Headers["x-amz-decoded-content-length"].ToString(), out var decoded) || decoded < 0)
                {
                    throw new S3Exception("MissingContentLength", 411, "You must provide the x-amz-decoded-content-length header.");
                }
                var signing = verified.ContentSha256 == SigV4.StreamingUnsignedTrailer ? null : verified.Auth.Chunking;
                chunked = new AwsChunkedStream(raw, signing, verified.ContentSha256 != SigV4.StreamingSigned, decoded);
                return chunked;
            case { Length: 64 } hex when hex.All(char.IsAsciiHexDigit):
                return Hashing(raw, hash => string.Equals(hash, hex, StringComparison.OrdinalIgnoreCase) ? null : S3Exception.ContentSha256Mismatch());
            default:
                throw S3Exception.InvalidArgument("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING-* value, or a SHA-256 hex digest.");
        }
    }

    private static ObservingStream Hashing(Stream raw, Func<string, S3Exception?> check)
    {
        var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        return new ObservingStream(raw, data => sha.AppendData(data), () =>
        {
            if (check(Convert.ToHexStringLower(sha.GetHashAndReset())) is { } error)
            {
                throw error;
            }
        });
    }

    /// <summary>Reads and discards a body we do not use, so its signature and hash are still checked.</summary>
    public static async Task DrainAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (await body.ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }
}
