using System.Globalization;
using System.Text;

namespace DataProtection.Sandbox.ObjectStore;

public sealed record S3Credentials(string AccessKey, string SecretKey, string Region);

/// <summary>What the verifier needs from a request: the raw target (WIRE.md G1) and case-insensitive header values, repeats joined by ','.</summary>
internal sealed record SigV4Request(string Method, string RawPath, string RawQuery, Func<string, string?> Header);

/// <summary>A request whose signature was checked up to the payload hash, which may still be pending on the body.</summary>
internal sealed class SigV4Auth(byte[] signingKey, string amzDate, string scope, string canonicalWithoutPayload, string signature)
{
    public ChunkSigning Chunking => new(signingKey, amzDate, scope, signature);

    public bool Matches(string payloadHash) => SigV4.SignaturesEqual(
        SigV4.Sign(signingKey, SigV4.StringToSign(amzDate, scope, canonicalWithoutPayload + payloadHash)), signature);
}

/// <param name="ContentSha256">The declared payload hash mode, or null when the client sent none and the body hash decides (curl).</param>
internal sealed record VerifiedRequest(SigV4Auth Auth, string? ContentSha256, bool Presigned);

internal static class SigV4Verifier
{
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);
    private const int MaxPresignSeconds = 604800;

    public static VerifiedRequest Verify(SigV4Request request, IReadOnlyDictionary<string, string> query, S3Credentials credentials,
        DateTimeOffset now, bool hasBody)
    {
        if (query.TryGetValue("X-Amz-Algorithm", out var algorithm))
        {
            return VerifyPresigned(request, query, algorithm, credentials, now);
        }
        var authorization = request.Header("authorization");
        if (string.IsNullOrEmpty(authorization))
        {
            throw S3Exception.AccessDenied();
        }
        if (!authorization.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            throw S3Exception.AuthorizationHeaderMalformed("only AWS4-HMAC-SHA256 is supported.");
        }
        var fields = authorization[SigV4.Algorithm.Length..].Split(',')
            .Select(part => part.Trim().Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("Credential", out var credential) || !fields.TryGetValue("SignedHeaders", out var signedHeaders)
            || !fields.TryGetValue("Signature", out var signature))
        {
            throw S3Exception.AuthorizationHeaderMalformed("expected Credential, SignedHeaders and Signature.");
        }
        var amzDate = request.Header("x-amz-date") ?? throw S3Exception.AccessDenied("AWS authentication requires a valid Date or x-amz-date header");
        var (date, scope) = CheckCredential(credential, amzDate, credentials, S3Exception.AuthorizationHeaderMalformed);
        if ((now - ParseAmzDate(amzDate)).Duration() > MaxSkew)
        {
            throw S3Exception.RequestTimeTooSkewed();
        }
        var auth = Prepare(request, credentials, date, amzDate, scope, SigV4.CanonicalQuery(request.RawQuery, omitSignature: false), signedHeaders, signature);
        var declared = request.Header("x-amz-content-sha256");
        if (declared is null && hasBody)
        {
            return new VerifiedRequest(auth, null, Presigned: false);
        }
        if (!auth.Matches(declared ?? SigV4.EmptySha256))
        {
            throw S3Exception.SignatureDoesNotMatch();
        }
        return new VerifiedRequest(auth, declared ?? SigV4.EmptySha256, Presigned: false);
    }

    public static Dictionary<string, string> ParseQuery(string rawQuery)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = item.IndexOf('=');
            var name = Encoding.UTF8.GetString(SigV4.PercentDecode(eq < 0 ? item : item[..eq]));
            query.TryAdd(name, eq < 0 ? "" : Encoding.UTF8.GetString(SigV4.PercentDecode(item[(eq + 1)..])));
        }
        return query;
    }

    private static VerifiedRequest VerifyPresigned(SigV4Request request, IReadOnlyDictionary<string, string> query, string algorithm,
        S3Credentials credentials, DateTimeOffset now)
    {
        string Param(string name) => query.TryGetValue(name, out var value)
            ? value
            : throw S3Exception.AuthorizationQueryParametersError($"Query-string authentication requires the {name} parameter.");
        if (algorithm != SigV4.Algorithm)
        {
            throw S3Exception.AuthorizationQueryParametersError("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        var amzDate = Param("X-Amz-Date");
        var (date, scope) = CheckCredential(Param("X-Amz-Credential"), amzDate, credentials, S3Exception.AuthorizationQueryParametersError);
        if (!int.TryParse(Param("X-Amz-Expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires is < 1 or > MaxPresignSeconds)
        {
            throw S3Exception.AuthorizationQueryParametersError("X-Amz-Expires must be a number of seconds between 1 and 604800 (one week).");
        }
        if (now > ParseAmzDate(amzDate).AddSeconds(expires))
        {
            throw S3Exception.AccessDenied("Request has expired");
        }
        var auth = Prepare(request, credentials, date, amzDate, scope, SigV4.CanonicalQuery(request.RawQuery, omitSignature: true),
            Param("X-Amz-SignedHeaders"), Param("X-Amz-Signature"));
        if (!auth.Matches(SigV4.UnsignedPayload))
        {
            throw S3Exception.SignatureDoesNotMatch();
        }
        return new VerifiedRequest(auth, SigV4.UnsignedPayload, Presigned: true);
    }

    private static (string Date, string Scope) CheckCredential(string credential, string amzDate, S3Credentials credentials,
        Func<string, S3Exception> malformed)
    {
        var parts = credential.Split('/');
        if (parts.Length != 5)
        {
            throw malformed("the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        if (parts[0] != credentials.AccessKey)
        {
            throw S3Exception.InvalidAccessKeyId();
        }
        if (amzDate.Length < 8 || parts[1] != amzDate[..8])
        {
            throw malformed("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
        }
        if (parts[2] != credentials.Region)
        {
            throw malformed($"the region '{parts[2]}' is wrong; expecting '{credentials.Region}'");
        }
        if (parts[3] != "s3" || parts[4] != "aws4_request")
        {
            throw malformed("the Credential scope must end with s3/aws4_request.");
        }
        return (parts[1], SigV4.Scope(parts[1], parts[2]));
    }

    private static SigV4Auth Prepare(SigV4Request request, S3Credentials credentials, string date, string amzDate, string scope,
        string canonicalQuery, string signedHeaders, string signature)
    {
        var names = signedHeaders.Split(';');
        if (!names.Contains("host"))
        {
            throw S3Exception.AccessDenied("The host header must be signed.");
        }
        var prefix = SigV4.CanonicalRequest(request.Method, SigV4.CanonicalUri(request.RawPath), canonicalQuery,
            SigV4.CanonicalHeaders(names, request.Header), signedHeaders, "");
        return new SigV4Auth(SigV4.SigningKey(credentials.SecretKey, date, credentials.Region), amzDate, scope, prefix, signature);
    }

    public static DateTimeOffset ParseAmzDate(string amzDate) =>
        DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw S3Exception.AccessDenied("AWS authentication requires a valid Date or x-amz-date header");
}
