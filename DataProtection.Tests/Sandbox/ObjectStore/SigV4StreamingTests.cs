using System.Text;
using DataProtection.Sandbox.ObjectStore;
using static DataProtection.Tests.Sandbox.ObjectStore.WireExamples;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>WIRE.md §3.7 and §3.9: seed, chunk and trailer signatures of the captured and published streaming uploads.</summary>
public class SigV4StreamingTests
{
    private static readonly byte[] CaptureKey = SigV4.SigningKey(Secret, "20261126", "us-east-1");
    private static readonly byte[] AwsKey = SigV4.SigningKey(AwsSecret, "20130524", "us-east-1");

    [Fact]
    public void Seed_SdkPutWithTrailer_MatchesExampleB()
    {
        var canonical = CanonicalRequest(Request("PUT", "/wire-bucket/dir/hello.txt", E1Headers), E1SignedHeaders, SigV4.StreamingSignedTrailer);

        SigV4.Sha256Hex(canonical).ShouldBe("059ca8c39ff745c52426a88618db283d3fa1bf9ec8eea0f162a3e6152806cdd5");
        SigV4.Sign(CaptureKey, SigV4.StringToSign("20261126T140800Z", Scope, canonical)).ShouldBe(E1Seed);
    }

    [Fact]
    public void ChunkAndTrailerSignatures_SdkPutWithTrailer_MatchExampleB()
    {
        var dataHash = SigV4.Sha256Hex(Encoding.ASCII.GetBytes("Hello, S3 wire!\n"));
        dataHash.ShouldBe("a1207786d0bfefdeb41ea5ff4cbf4edf18390e224108c81126e38722fbb02648");

        var first = SigV4.Sign(CaptureKey, SigV4.ChunkStringToSign("20261126T140800Z", Scope, E1Seed, dataHash));
        var final = SigV4.Sign(CaptureKey, SigV4.ChunkStringToSign("20261126T140800Z", Scope, first, SigV4.EmptySha256));
        var trailer = SigV4.Sign(CaptureKey, SigV4.TrailerStringToSign("20261126T140800Z", Scope, final, "x-amz-checksum-crc32:hVbsRQ==\n"));

        first.ShouldBe("7746105763e586a51cf594d2ad06e0155420a0948204e5aa9b59818bcb0688e8");
        final.ShouldBe("9c0da3ea8a5fa5cbe781a13fd6e4bd7ea365195995476fb0cbbfc58bb45203a7");
        SigV4.Sha256Hex("x-amz-checksum-crc32:hVbsRQ==\n").ShouldBe("e7b8f0f4810ae61dbfb676a3ec8b9c8972b6be4e61b69de78d32c546053c4e83");
        trailer.ShouldBe("41d208949de4d3912cc97e49f71d9c7be251e02898b2f8c206ff44f1737c41d4");
    }

    [Fact]
    public void Seed_SdkPutWhenRequired_MatchesExampleE2()
    {
        var canonical = CanonicalRequest(Request("PUT", "/wire-bucket/dir/hello.txt", E2Headers), E2SignedHeaders, SigV4.StreamingSigned);

        SigV4.Sha256Hex(canonical).ShouldBe("6730c1a606948f3401e7c4cc3b6b3ab2bd2ee0274a796df24bd383bf2d0d4bb8");
        SigV4.Sign(CaptureKey, SigV4.StringToSign("20261126T140803Z", Scope, canonical)).ShouldBe(E2Seed);
    }

    [Fact]
    public void Signature_UnsignedTrailerPut_MatchesExampleE4()
    {
        var request = Request("PUT", "/wire-bucket/dir/unsigned.txt", ("content-encoding", "aws-chunked"), ("content-length", "63"),
            ("content-type", "text/plain"), ("host", "127.0.0.1:9131"), ("x-amz-content-sha256", SigV4.StreamingUnsignedTrailer),
            ("x-amz-date", "20261126T141106Z"), ("x-amz-decoded-content-length", "21"), ("x-amz-sdk-checksum-algorithm", "CRC32"),
            ("x-amz-trailer", "x-amz-checksum-crc32"));
        const string signed = "content-encoding;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-sdk-checksum-algorithm;x-amz-trailer";

        var canonical = CanonicalRequest(request, signed, SigV4.StreamingUnsignedTrailer);

        SigV4.Sha256Hex(canonical).ShouldBe("262f800b1792c79a5ae41eb59b32d1d646d0dfcd56d615fcf02de94484c1463e");
        SigV4.Sign(CaptureKey, SigV4.StringToSign("20261126T141106Z", Scope, canonical))
            .ShouldBe("e4ce4b85c1a9998eda4e7cc517d1e88728f3359175c38e8f37594346d51b1384");
    }

    [Fact]
    public void ChunkSignatures_AwsChunkedVector_MatchPublishedValues()
    {
        var request = Request("PUT", "/examplebucket/chunkObject.txt", ("content-encoding", "aws-chunked"), ("content-length", "66824"),
            ("host", "s3.amazonaws.com"), ("x-amz-content-sha256", SigV4.StreamingSigned), ("x-amz-date", "20130524T000000Z"),
            ("x-amz-decoded-content-length", "66560"), ("x-amz-storage-class", "REDUCED_REDUNDANCY"));
        var canonical = CanonicalRequest(request,
            "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class", SigV4.StreamingSigned);

        var seed = SigV4.Sign(AwsKey, SigV4.StringToSign("20130524T000000Z", AwsScope, canonical));
        var first = Chunk(seed, new string('a', 65536));
        var second = Chunk(first, new string('a', 1024));

        seed.ShouldBe("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        first.ShouldBe("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
        second.ShouldBe("0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
        Chunk(second, "").ShouldBe("b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
    }

    [Fact]
    public void TrailerSignature_AwsTrailerVector_MatchesPublishedValues()
    {
        var request = Request("PUT", "/examplebucket/chunkObject.txt", ("content-encoding", "aws-chunked"), ("host", "s3.amazonaws.com"),
            ("x-amz-content-sha256", SigV4.StreamingSignedTrailer), ("x-amz-date", "20130524T000000Z"), ("x-amz-decoded-content-length", "66560"),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"), ("x-amz-trailer", "x-amz-checksum-crc32c"));
        var canonical = CanonicalRequest(request,
            "content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer", SigV4.StreamingSignedTrailer);

        var seed = SigV4.Sign(AwsKey, SigV4.StringToSign("20130524T000000Z", AwsScope, canonical));
        var final = Chunk(Chunk(Chunk(seed, new string('a', 65536)), new string('a', 1024)), "");

        seed.ShouldBe("106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e");
        final.ShouldBe("2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992");
        S3Checksum.Compute("crc32c", Encoding.ASCII.GetBytes(new string('a', 66560))).ShouldBe("sOO8/Q==");
        SigV4.Sign(AwsKey, SigV4.TrailerStringToSign("20130524T000000Z", AwsScope, final, "x-amz-checksum-crc32c:sOO8/Q==\n"))
            .ShouldBe("d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435");
    }

    [Theory]
    [InlineData("crc32", "Hello, S3 wire!\n", "hVbsRQ==")]
    [InlineData("crc32", "unsigned payload body", "gh3Duw==")]
    [InlineData("crc32", "", "AAAAAA==")]
    [InlineData("crc64nvme", "123456789", "rosUhgp5mIg=")]
    [InlineData("sha256", "", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")]
    public void Compute_KnownInputs_MatchReferenceChecksums(string algorithm, string text, string expected) =>
        S3Checksum.Compute(algorithm, Encoding.ASCII.GetBytes(text)).ShouldBe(expected);

    private static string Chunk(string previous, string data) =>
        SigV4.Sign(AwsKey, SigV4.ChunkStringToSign("20130524T000000Z", AwsScope, previous, SigV4.Sha256Hex(Encoding.ASCII.GetBytes(data))));
}
