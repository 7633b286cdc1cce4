using System.Text;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using static DataProtection.Tests.Sandbox.ObjectStore.WireExamples;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>Body verification end to end: header signature, then framing, hashes and checksums while the body is read.</summary>
public class RequestBodyTests
{
    private const string E4SignedHeaders =
        "content-encoding;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-sdk-checksum-algorithm;x-amz-trailer";

    [Fact]
    public async Task Open_UnsignedTrailerE4_VerifiesAndRecordsCrc32()
    {
        var (body, checksums) = Open(E4Request(E4Body));

        Encoding.ASCII.GetString(await ReadAllAsync(body).DefaultTimeout()).ShouldBe("unsigned payload body");
        checksums["crc32"].ShouldBe("gh3Duw==");
    }

    [Fact]
    public async Task Open_UnsignedTrailerWithWrongCrc32_ThrowsBadDigest()
    {
        var tampered = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(E4Body).Replace("gh3Duw==", "gh3Duw0="));

        var error = await Should.ThrowAsync<S3Exception>(ReadAllAsync(Open(E4Request(tampered)).Body).DefaultTimeout());

        error.Code.ShouldBe("BadDigest");
    }

    [Fact]
    public async Task Open_SignedTrailerE1_VerifiesChunksTrailerAndCrc32()
    {
        var context = Context("PUT", "/wire-bucket/dir/hello.txt", E1Body, [.. E1Headers, ("authorization", Authorization(AccessKey, Scope, E1SignedHeaders, E1Seed))]);

        var (body, checksums) = Open(context, new DateTimeOffset(2026, 11, 26, 14, 8, 0, TimeSpan.Zero));

        Encoding.ASCII.GetString(await ReadAllAsync(body).DefaultTimeout()).ShouldBe("Hello, S3 wire!\n");
        checksums["crc32"].ShouldBe("hVbsRQ==");
    }

    [Theory]
    [InlineData("Hello", "Hello", null)]
    [InlineData("Hello", "Jello", "XAmzContentSHA256Mismatch")]
    public async Task Open_HexPayloadHash_ComparesWithBody(string signedBody, string sentBody, string? code)
    {
        var hash = SigV4.Sha256Hex(Encoding.ASCII.GetBytes(signedBody));
        var context = SignedContext(Encoding.ASCII.GetBytes(sentBody), ("x-amz-content-sha256", hash));

        var read = ReadAllAsync(Open(context).Body).DefaultTimeout();

        if (code is null)
        {
            Encoding.ASCII.GetString(await read).ShouldBe(sentBody);
        }
        else
        {
            (await Should.ThrowAsync<S3Exception>(read)).Code.ShouldBe(code);
        }
    }

    [Fact]
    public async Task Open_ChecksumHeaderNotMatchingBody_ThrowsBadDigest()
    {
        var body = Encoding.ASCII.GetBytes("payload");
        var context = SignedContext(body, ("x-amz-content-sha256", SigV4.Sha256Hex(body)), ("x-amz-checksum-crc32", S3Checksum.Compute("crc32", "other"u8)));

        (await Should.ThrowAsync<S3Exception>(ReadAllAsync(Open(context).Body).DefaultTimeout())).Code.ShouldBe("BadDigest");
    }

    [Fact]
    public async Task Open_NoContentHashHeader_VerifiesSignatureAgainstBodyHash()
    {
        var body = Encoding.ASCII.GetBytes("curl body\n");
        var good = SignedContext(body, signedPayload: SigV4.Sha256Hex(body));
        var forged = SignedContext(Encoding.ASCII.GetBytes("curl BODY\n"), signedPayload: SigV4.Sha256Hex(body));

        Encoding.ASCII.GetString(await ReadAllAsync(Open(good).Body).DefaultTimeout()).ShouldBe("curl body\n");
        (await Should.ThrowAsync<S3Exception>(ReadAllAsync(Open(forged).Body).DefaultTimeout())).Code.ShouldBe("SignatureDoesNotMatch");
    }

    private static DefaultHttpContext E4Request(byte[] body) => Context("PUT", "/wire-bucket/dir/unsigned.txt", body,
        ("content-encoding", "aws-chunked"), ("content-length", "63"), ("content-type", "text/plain"), ("host", "127.0.0.1:9131"),
        ("x-amz-content-sha256", SigV4.StreamingUnsignedTrailer), ("x-amz-date", "20261126T141106Z"), ("x-amz-decoded-content-length", "21"),
        ("x-amz-sdk-checksum-algorithm", "CRC32"), ("x-amz-trailer", "x-amz-checksum-crc32"),
        ("authorization", Authorization(AccessKey, Scope, E4SignedHeaders, "e4ce4b85c1a9998eda4e7cc517d1e88728f3359175c38e8f37594346d51b1384")));

    /// <summary>A PUT signed here over host and x-amz-date plus the given headers, as curl and the SDK sign theirs.</summary>
    private static DefaultHttpContext SignedContext(byte[] body, params (string Name, string Value)[] extra) => SignedContext(body, null, extra);

    private static DefaultHttpContext SignedContext(byte[] body, string? signedPayload, params (string Name, string Value)[] extra)
    {
        (string Name, string Value)[] headers = [("host", "127.0.0.1:9000"), ("x-amz-date", "20261126T141006Z"), .. extra];
        var signed = string.Join(';', headers.Select(h => h.Name).Order(StringComparer.Ordinal));
        var request = Request("PUT", "/b/k", headers);
        var payload = signedPayload ?? headers.FirstOrDefault(h => h.Name == "x-amz-content-sha256").Value;
        var signature = SigV4.Sign(SigV4.SigningKey(Secret, "20261126", "us-east-1"),
            SigV4.StringToSign("20261126T141006Z", Scope, CanonicalRequest(request, signed, payload)));
        return Context("PUT", "/b/k", body, [.. headers, ("content-length", body.Length.ToString()), ("authorization", Authorization(AccessKey, Scope, signed, signature))]);
    }

    private static DefaultHttpContext Context(string method, string path, byte[] body, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }
        context.Request.Body = new MemoryStream(body);
        return context;
    }

    private static (Stream Body, IReadOnlyDictionary<string, string> Checksums) Open(DefaultHttpContext context, DateTimeOffset? now = null)
    {
        var request = context.Request;
        var signed = new SigV4Request(request.Method, request.Path.Value!, "", name => request.Headers.TryGetValue(name, out var v) ? v.ToString() : null);
        var verified = SigV4Verifier.Verify(signed, new Dictionary<string, string>(), Credentials,
            now ?? SigV4Verifier.ParseAmzDate(request.Headers["x-amz-date"].ToString()), hasBody: request.ContentLength > 0);
        return RequestBody.Open(request, verified);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        var output = new MemoryStream();
        await stream.CopyToAsync(output);
        return output.ToArray();
    }
}
