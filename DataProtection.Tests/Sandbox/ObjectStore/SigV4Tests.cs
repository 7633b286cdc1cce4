using System.Text;
using DataProtection.Sandbox.ObjectStore;
using static DataProtection.Tests.Sandbox.ObjectStore.WireExamples;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>WIRE.md §3.3, §3.6, §3.8, §3.9 and §4 worked examples, value for value.</summary>
public class SigV4Tests
{
    [Fact]
    public void SigningKey_CaptureSecret_MatchesWireExample() =>
        Convert.ToHexStringLower(SigV4.SigningKey(Secret, "20261126", "us-east-1"))
            .ShouldBe("574d11e678f24bdf8a412d245bdea50c3db3292eeffae49da1fff5cfeb965a15");

    [Fact]
    public void CanonicalRequest_SdkListObjectsV2_MatchesExampleA()
    {
        var request = Request("GET", "/wire-bucket/?list-type=2&delimiter=%2F&prefix=dir%2F", ("Host", "127.0.0.1:9123"),
            ("X-Amz-Date", "20261126T140801Z"), ("X-Amz-Content-SHA256", SigV4.EmptySha256));

        var canonical = CanonicalRequest(request, "host;x-amz-content-sha256;x-amz-date", SigV4.EmptySha256);

        canonical.ShouldBe("GET\n/wire-bucket/\ndelimiter=%2F&list-type=2&prefix=dir%2F\nhost:127.0.0.1:9123\n" +
            $"x-amz-content-sha256:{SigV4.EmptySha256}\nx-amz-date:20261126T140801Z\n\nhost;x-amz-content-sha256;x-amz-date\n{SigV4.EmptySha256}");
        SigV4.Sha256Hex(canonical).ShouldBe("d7a70c9b702b57b825e55e6dff921df9eedf27d4afc1038e7eca2adbca00cfc1");
        var stringToSign = SigV4.StringToSign("20261126T140801Z", Scope, canonical);
        stringToSign.ShouldBe($"AWS4-HMAC-SHA256\n20261126T140801Z\n{Scope}\nd7a70c9b702b57b825e55e6dff921df9eedf27d4afc1038e7eca2adbca00cfc1");
        SigV4.Sign(SigV4.SigningKey(Secret, "20261126", "us-east-1"), stringToSign)
            .ShouldBe("b68153d05036a9a65c182f838116b2cbcecea61dd27c7efda0dc6749410ff1ec");
    }

    [Fact]
    public void CanonicalRequest_CurlGetWithoutContentHash_MatchesExampleC()
    {
        var request = Request("GET", "/wire-bucket/pre/signed%20file.txt", ("Host", "127.0.0.1:9127"), ("X-Amz-Date", "20261126T141006Z"));

        var canonical = CanonicalRequest(request, "host;x-amz-date", SigV4.EmptySha256);

        canonical.ShouldBe($"GET\n/wire-bucket/pre/signed%20file.txt\n\nhost:127.0.0.1:9127\nx-amz-date:20261126T141006Z\n\nhost;x-amz-date\n{SigV4.EmptySha256}");
        SigV4.Sha256Hex(canonical).ShouldBe("8541cd7371fffb1f6a3a39e3ec16058d3be9d8d7887810a1f1df75298a865359");
        SigV4.Sign(SigV4.SigningKey(Secret, "20261126", "us-east-1"), SigV4.StringToSign("20261126T141006Z", Scope, canonical))
            .ShouldBe("0eb415c7adf915afb98b4aaef784728edd6d0a5b45b2da0364c415e757bd5760");
    }

    [Fact]
    public void Sha256Hex_CurlPutBody_IsTheHashedPayloadOfExampleC() =>
        SigV4.Sha256Hex(Encoding.ASCII.GetBytes("curl body\n")).ShouldBe("dad111da547b08c3b345a4555645db4b766584e8a3df62a38e5d9a258b37e58d");

    [Fact]
    public void CanonicalRequest_PresignedSdkUrl_MatchesExampleF()
    {
        var request = Request("GET", "/wire-bucket/pre/signed%20file.txt?X-Amz-Expires=901&X-Amz-Algorithm=AWS4-HMAC-SHA256" +
            "&X-Amz-Credential=AKIDEXAMPLE%2F20261126%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261126T141006Z&X-Amz-SignedHeaders=host" +
            "&X-Amz-Signature=9f90c364639ad5da2e0745c3902204b1fb1daa1a09675e9c6611de0ad504cd47", ("Host", "127.0.0.1:9127"));

        var canonical = CanonicalRequest(request, "host", SigV4.UnsignedPayload, presigned: true);

        canonical.ShouldBe("GET\n/wire-bucket/pre/signed%20file.txt\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261126%2Fus-east-1" +
            "%2Fs3%2Faws4_request&X-Amz-Date=20261126T141006Z&X-Amz-Expires=901&X-Amz-SignedHeaders=host\nhost:127.0.0.1:9127\n\nhost\nUNSIGNED-PAYLOAD");
        SigV4.Sha256Hex(canonical).ShouldBe("f12bf487f8873597299b285c4d87d2234caa5ddf0837ea27a92e64e3557ab31b");
        SigV4.Sign(SigV4.SigningKey(Secret, "20261126", "us-east-1"), SigV4.StringToSign("20261126T141006Z", Scope, canonical))
            .ShouldBe("9f90c364639ad5da2e0745c3902204b1fb1daa1a09675e9c6611de0ad504cd47");
    }

    [Fact]
    public void PresignUrl_SameInputsAsExampleF_ProducesTheSdkSignature()
    {
        var url = Presigner.PresignUrl(new Uri("http://127.0.0.1:9127"), Credentials, "GET", "wire-bucket", "pre/signed file.txt",
            TimeSpan.FromSeconds(901), new DateTimeOffset(2026, 11, 26, 14, 10, 6, TimeSpan.Zero));

        url.ShouldStartWith("http://127.0.0.1:9127/wire-bucket/pre/signed%20file.txt?");
        url.ShouldEndWith("&X-Amz-Signature=9f90c364639ad5da2e0745c3902204b1fb1daa1a09675e9c6611de0ad504cd47");
    }

    [Fact]
    public void Sign_AwsGetObjectVector_MatchesPublishedSignature()
    {
        var request = Request("GET", "/test.txt", ("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"),
            ("x-amz-content-sha256", SigV4.EmptySha256), ("x-amz-date", "20130524T000000Z"));

        var canonical = CanonicalRequest(request, "host;range;x-amz-content-sha256;x-amz-date", SigV4.EmptySha256);

        SigV4.Sha256Hex(canonical).ShouldBe("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
        SigV4.Sign(SigV4.SigningKey(AwsSecret, "20130524", "us-east-1"), SigV4.StringToSign("20130524T000000Z", AwsScope, canonical))
            .ShouldBe("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    [Fact]
    public void Sign_AwsPresignedVector_MatchesPublishedSignature()
    {
        var request = Request("GET", "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3" +
            "%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host", ("Host", "examplebucket.s3.amazonaws.com"));

        var signature = SigV4.Sign(SigV4.SigningKey(AwsSecret, "20130524", "us-east-1"),
            SigV4.StringToSign("20130524T000000Z", AwsScope, CanonicalRequest(request, "host", SigV4.UnsignedPayload, presigned: true)));

        signature.ShouldBe("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    }

    [Theory]
    [InlineData("/wire-bucket/pct%2541.txt", "/wire-bucket/pct%2541.txt")]
    [InlineData("/wire-bucket/dbl//slash/./x/../y", "/wire-bucket/dbl//slash/./x/../y")]
    [InlineData("/b/a%20b/c%2Bd%3De%26f~g%21h%27%28i%29%2A%C3%A9.txt", "/b/a%20b/c%2Bd%3De%26f~g%21h%27%28i%29%2A%C3%A9.txt")]
    [InlineData("/b/sp ace+plus", "/b/sp%20ace%2Bplus")]
    [InlineData("", "/")]
    public void CanonicalUri_LiteralS3Keys_DecodedOnceAndReencoded(string rawPath, string expected) =>
        SigV4.CanonicalUri(rawPath).ShouldBe(expected);

    [Fact]
    public void CanonicalQuery_ValuelessParameters_GetEmptyValuesAndSort() =>
        SigV4.CanonicalQuery("uploads&b=2&a=x%2Fy&delete", omitSignature: false).ShouldBe("a=x%2Fy&b=2&delete=&uploads=");
}
