using System.Text;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using static DataProtection.Tests.Sandbox.ObjectStore.WireExamples;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>Decoding the captured bodies of WIRE.md §2.2 and the AWS chunked vectors, and rejecting tampered ones.</summary>
public class AwsChunkedStreamTests
{
    private static readonly byte[] CaptureKey = SigV4.SigningKey(Secret, "20261126", "us-east-1");
    private static readonly byte[] AwsKey = SigV4.SigningKey(AwsSecret, "20130524", "us-east-1");
    private static readonly ChunkSigning E1Signing = new(CaptureKey, "20261126T140800Z", Scope, E1Seed);

    [Fact]
    public async Task ReadAsync_SignedBodyWithTrailerE1_YieldsPayloadAndTrailer()
    {
        var stream = new AwsChunkedStream(new MemoryStream(E1Body), E1Signing, hasTrailer: true, decodedLength: 16);

        var payload = await ReadAllAsync(stream).DefaultTimeout();

        Encoding.ASCII.GetString(payload).ShouldBe("Hello, S3 wire!\n");
        stream.Trailers["x-amz-checksum-crc32"].ShouldBe("hVbsRQ==");
        S3Checksum.Compute("crc32", payload).ShouldBe("hVbsRQ==");
    }

    [Fact]
    public async Task ReadAsync_SignedBodyWithoutTrailerE2_YieldsPayload()
    {
        var stream = new AwsChunkedStream(new MemoryStream(E2Body), new ChunkSigning(CaptureKey, "20261126T140803Z", Scope, E2Seed),
            hasTrailer: false, decodedLength: 16);

        Encoding.ASCII.GetString(await ReadAllAsync(stream).DefaultTimeout()).ShouldBe("Hello, S3 wire!\n");
    }

    [Fact]
    public async Task ReadAsync_UnsignedTrailerBodyE4_YieldsPayloadAndTrailer()
    {
        var stream = new AwsChunkedStream(new MemoryStream(E4Body), signing: null, hasTrailer: true, decodedLength: 21);

        var payload = await ReadAllAsync(stream).DefaultTimeout();

        Encoding.ASCII.GetString(payload).ShouldBe("unsigned payload body");
        stream.Trailers["x-amz-checksum-crc32"].ShouldBe("gh3Duw==");
        S3Checksum.Compute("crc32", payload).ShouldBe("gh3Duw==");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ReadAsync_AwsVectorInSmallReads_YieldsAllBytes(int readSize)
    {
        var body = AwsChunkedBody("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
            "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497", "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
        body.Length.ShouldBe(66824);
        var signing = new ChunkSigning(AwsKey, "20130524T000000Z", AwsScope, "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");

        var payload = await ReadAllAsync(new AwsChunkedStream(new MemoryStream(body), signing, hasTrailer: false, decodedLength: 66560), readSize)
            .DefaultTimeout();

        payload.Length.ShouldBe(66560);
        payload.ShouldAllBe(b => b == (byte)'a');
    }

    [Fact]
    public async Task ReadAsync_AwsTrailerVector_VerifiesTrailerSignature()
    {
        var body = AwsChunkedBody("b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
            "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7", "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
            "x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n");
        var signing = new ChunkSigning(AwsKey, "20130524T000000Z", AwsScope, "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e");
        var stream = new AwsChunkedStream(new MemoryStream(body), signing, hasTrailer: true, decodedLength: 66560);

        (await ReadAllAsync(stream).DefaultTimeout()).Length.ShouldBe(66560);
        stream.Trailers["x-amz-checksum-crc32c"].ShouldBe("sOO8/Q==");
    }

    [Fact]
    public async Task ReadAsync_BlankLineBeforeTrailer_IsTolerated()
    {
        var body = Encoding.ASCII.GetString(E1Body).Replace("0;chunk-signature=9c0da3ea8a5fa5cbe781a13fd6e4bd7ea365195995476fb0cbbfc58bb45203a7\r\n",
            "0;chunk-signature=9c0da3ea8a5fa5cbe781a13fd6e4bd7ea365195995476fb0cbbfc58bb45203a7\r\n\r\n");
        var stream = new AwsChunkedStream(new MemoryStream(Encoding.ASCII.GetBytes(body)), E1Signing, hasTrailer: true, decodedLength: 16);

        Encoding.ASCII.GetString(await ReadAllAsync(stream).DefaultTimeout()).ShouldBe("Hello, S3 wire!\n");
    }

    [Theory]
    [InlineData("Hello, S3 wire!\n", "Hello, S3 wirE!\n", "SignatureDoesNotMatch")]
    [InlineData("chunk-signature=7746", "chunk-signature=8746", "SignatureDoesNotMatch")]
    [InlineData("crc32:hVbsRQ==", "crc32:hVbsRA==", "SignatureDoesNotMatch")]
    [InlineData("x-amz-trailer-signature:41d2", "x-amz-trailer-signature:51d2", "SignatureDoesNotMatch")]
    [InlineData("10;chunk", "zz;chunk", "InvalidArgument")]
    public async Task ReadAsync_TamperedE1_Throws(string original, string tampered, string code)
    {
        var body = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(E1Body).Replace(original, tampered));

        var error = await Should.ThrowAsync<S3Exception>(ReadAllAsync(new AwsChunkedStream(new MemoryStream(body), E1Signing, true, 16)).DefaultTimeout());

        error.Code.ShouldBe(code);
    }

    [Fact]
    public async Task ReadAsync_DecodedLengthMismatch_ThrowsIncompleteBody()
    {
        var error = await Should.ThrowAsync<S3Exception>(ReadAllAsync(new AwsChunkedStream(new MemoryStream(E1Body), E1Signing, true, 17)).DefaultTimeout());

        error.Code.ShouldBe("IncompleteBody");
    }

    [Fact]
    public async Task ReadAsync_TruncatedBody_Throws()
    {
        var error = await Should.ThrowAsync<S3Exception>(
            ReadAllAsync(new AwsChunkedStream(new MemoryStream(E1Body[..60]), E1Signing, true, 16)).DefaultTimeout());

        error.Code.ShouldBe("InvalidArgument");
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, int readSize = 8192)
    {
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }
        return output.ToArray();
    }
}
