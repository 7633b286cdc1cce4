using System.Text;
using DataProtection.Sandbox.ObjectStore;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>Inputs of the worked examples in shared/s3/WIRE.md (captured from AWSSDK.S3 4.1.0 and curl 7.88.1, plus AWS's published vectors).</summary>
internal static class WireExamples
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string AwsAccessKey = "AKIAIOSFODNN7EXAMPLE";
    public const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string Scope = "20261126/us-east-1/s3/aws4_request";
    public const string AwsScope = "20130524/us-east-1/s3/aws4_request";

    public static readonly S3Credentials Credentials = new(AccessKey, Secret, "us-east-1");

    public static SigV4Request Request(string method, string rawTarget, params (string Name, string Value)[] headers)
    {
        var at = rawTarget.IndexOf('?');
        var map = headers.ToDictionary(h => h.Name.ToLowerInvariant(), h => h.Value);
        return new SigV4Request(method, at < 0 ? rawTarget : rawTarget[..at], at < 0 ? "" : rawTarget[(at + 1)..], name => map.GetValueOrDefault(name));
    }

    public static string CanonicalRequest(SigV4Request request, string signedHeaders, string payloadHash, bool presigned = false) =>
        SigV4.CanonicalRequest(request.Method, SigV4.CanonicalUri(request.RawPath), SigV4.CanonicalQuery(request.RawQuery, presigned),
            SigV4.CanonicalHeaders(signedHeaders.Split(';'), request.Header), signedHeaders, payloadHash);

    public static string Authorization(string accessKey, string scope, string signedHeaders, string signature) =>
        $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";

    /// <summary>E1: PutObject of "Hello, S3 wire!\n" with the default config (signed chunks and a signed CRC32 trailer).</summary>
    public static readonly (string Name, string Value)[] E1Headers =
    [
        ("content-encoding", "aws-chunked"), ("content-length", "310"), ("content-type", "text/plain"), ("host", "127.0.0.1:9123"),
        ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"), ("x-amz-date", "20261126T140800Z"),
        ("x-amz-decoded-content-length", "16"), ("x-amz-meta-color", "blue"), ("x-amz-sdk-checksum-algorithm", "CRC32"),
        ("x-amz-trailer", "x-amz-checksum-crc32"),
    ];

    public const string E1SignedHeaders =
        "content-encoding;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-meta-color;x-amz-sdk-checksum-algorithm;x-amz-trailer";

    public const string E1Seed = "fe5e439018fdbd68dd21c22243ad2e21338688cf4b1e62e109319a8865d309fc";

    public static readonly byte[] E1Body = Encoding.ASCII.GetBytes(
        "10;chunk-signature=7746105763e586a51cf594d2ad06e0155420a0948204e5aa9b59818bcb0688e8\r\n" +
        "Hello, S3 wire!\n\r\n" +
        "0;chunk-signature=9c0da3ea8a5fa5cbe781a13fd6e4bd7ea365195995476fb0cbbfc58bb45203a7\r\n" +
        "x-amz-checksum-crc32:hVbsRQ==\r\n" +
        "x-amz-trailer-signature:41d208949de4d3912cc97e49f71d9c7be251e02898b2f8c206ff44f1737c41d4\r\n" +
        "\r\n");

    public static readonly (string Name, string Value)[] E2Headers =
    [
        ("content-encoding", "aws-chunked"), ("content-length", "189"), ("content-type", "text/plain"), ("host", "127.0.0.1:9124"),
        ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), ("x-amz-date", "20261126T140803Z"),
        ("x-amz-decoded-content-length", "16"), ("x-amz-meta-color", "blue"),
    ];

    public const string E2SignedHeaders =
        "content-encoding;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-meta-color";

    public const string E2Seed = "293d77a8992d622f1217ad927f2891a5ff7fa92c743f73389dcd5b69e88469e0";

    public static readonly byte[] E2Body = Encoding.ASCII.GetBytes(
        "10;chunk-signature=244b2ef7564d6bc1f4955550468569f399938854cfe115b0d7d42ec39912f6d4\r\nHello, S3 wire!\n\r\n" +
        "0;chunk-signature=15831bf807936b0c444604851ba3b47b69dfb754ee4afefed0de84fb7f18a163\r\n\r\n");

    public static readonly byte[] E4Body = Encoding.ASCII.GetBytes("15\r\nunsigned payload body\r\n0\r\nx-amz-checksum-crc32:gh3Duw==\r\n\r\n");

    /// <summary>AWS's chunked-upload example: 65536 + 1024 bytes of 'a', then the final chunk, with the given signatures.</summary>
    public static byte[] AwsChunkedBody(string first, string second, string final, string? trailer = null)
    {
        var body = new MemoryStream();
        void Ascii(string text) => body.Write(Encoding.ASCII.GetBytes(text));
        Ascii($"10000;chunk-signature={first}\r\n");
        body.Write(Enumerable.Repeat((byte)'a', 65536).ToArray());
        Ascii($"\r\n400;chunk-signature={second}\r\n");
        body.Write(Enumerable.Repeat((byte)'a', 1024).ToArray());
        Ascii($"\r\n0;chunk-signature={final}\r\n");
        Ascii(trailer ?? "\r\n");
        return body.ToArray();
    }
}
