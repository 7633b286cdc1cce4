using System.Security.Cryptography;
using System.Text;

namespace DataProtection.Sandbox.ObjectStore;

/// <summary>The SigV4 pieces S3 uses (WIRE.md §3): canonical forms, the signing key, and the three string-to-sign shapes.</summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string StreamingSigned = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public const string StreamingSignedTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public const string StreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    public static string Scope(string date, string region) => $"{date}/{region}/s3/aws4_request";

    /// <summary>S3 keys are literal: decode the raw path once and re-encode, without dot-segment or slash normalisation.</summary>
    public static string CanonicalUri(string rawPath) =>
        rawPath.Length == 0 ? "/" : Encode(PercentDecode(rawPath), keepSlash: true);

    public static string CanonicalQuery(string rawQuery, bool omitSignature)
    {
        var pairs = new List<(string Name, string Value)>();
        foreach (var item in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = item.IndexOf('=');
            var name = Encode(PercentDecode(eq < 0 ? item : item[..eq]), keepSlash: false);
            if (omitSignature && name == "X-Amz-Signature")
            {
                continue;
            }
            pairs.Add((name, eq < 0 ? "" : Encode(PercentDecode(item[(eq + 1)..]), keepSlash: false)));
        }
        return string.Join('&', pairs
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    public static string CanonicalHeaders(IEnumerable<string> signedHeaders, Func<string, string?> header)
    {
        var builder = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':').Append(CollapseWhitespace(header(name) ?? "")).Append('\n');
        }
        return builder.ToString();
    }

    public static string CanonicalRequest(string method, string canonicalUri, string canonicalQuery, string canonicalHeaders,
        string signedHeaders, string payloadHash) =>
        $"{method}\n{canonicalUri}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(canonicalRequest)}";

    public static string ChunkStringToSign(string amzDate, string scope, string previousSignature, string chunkSha256) =>
        $"AWS4-HMAC-SHA256-PAYLOAD\n{amzDate}\n{scope}\n{previousSignature}\n{EmptySha256}\n{chunkSha256}";

    public static string TrailerStringToSign(string amzDate, string scope, string finalChunkSignature, string canonicalTrailers) =>
        $"AWS4-HMAC-SHA256-TRAILER\n{amzDate}\n{scope}\n{finalChunkSignature}\n{Sha256Hex(canonicalTrailers)}";

    public static byte[] SigningKey(string secretKey, string date, string region)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, "s3"u8);
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    public static string Sign(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    public static bool SignaturesEqual(string expected, string provided) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(provided));

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static byte[] PercentDecode(string raw)
    {
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && i + 2 < raw.Length && IsHex(raw[i + 1]) && IsHex(raw[i + 2]))
            {
                bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(raw[i].ToString()));
            }
        }
        return [.. bytes];
    }

    public static string Encode(ReadOnlySpan<byte> bytes, bool keepSlash)
    {
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || (keepSlash && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2"));
            }
        }
        return builder.ToString();
    }

    public static string Encode(string text, bool keepSlash) => Encode(Encoding.UTF8.GetBytes(text), keepSlash);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static string CollapseWhitespace(string value) =>
        string.Join(' ', value.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
