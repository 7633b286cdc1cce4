using System.Globalization;

namespace DataProtection.Sandbox.ObjectStore;

/// <summary>SigV4 query-string presigning (WIRE.md §4), signing only <c>host</c> as the SDK does.</summary>
internal static class Presigner
{
    public static string PresignUrl(Uri endpoint, S3Credentials credentials, string method, string bucket, string key, TimeSpan expiry, DateTimeOffset now)
    {
        var seconds = (int)Math.Ceiling(expiry.TotalSeconds);
        if (seconds is < 1 or > 604800)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), expiry, "A presigned URL lasts between one second and one week.");
        }
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var scope = SigV4.Scope(date, credentials.Region);
        var path = $"/{bucket}/{SigV4.Encode(key, keepSlash: true)}";
        var query = string.Join('&',
            $"X-Amz-Algorithm={SigV4.Algorithm}",
            $"X-Amz-Credential={SigV4.Encode($"{credentials.AccessKey}/{scope}", keepSlash: false)}",
            $"X-Amz-Date={amzDate}",
            $"X-Amz-Expires={seconds}",
            "X-Amz-SignedHeaders=host");
        var host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
        var canonical = SigV4.CanonicalRequest(method, SigV4.CanonicalUri(path), SigV4.CanonicalQuery(query, omitSignature: true),
            $"host:{host}\n", "host", SigV4.UnsignedPayload);
        var signature = SigV4.Sign(SigV4.SigningKey(credentials.SecretKey, date, credentials.Region), SigV4.StringToSign(amzDate, scope, canonical));
        return $"{endpoint.Scheme}://{host}{path}?{query}&X-Amz-Signature={signature}";
    }
}
