using DataProtection.Sandbox.ObjectStore;
using static DataProtection.Tests.Sandbox.ObjectStore.WireExamples;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>The verifier's decisions on the captured requests of WIRE.md §3.6–3.8 and §4.</summary>
public class SigV4VerifierTests
{
    private static readonly DateTimeOffset ListTime = new(2026, 11, 26, 14, 8, 1, TimeSpan.Zero);
    private const string ListSignature = "b68153d05036a9a65c182f838116b2cbcecea61dd27c7efda0dc6749410ff1ec";
    private const string PresignedTarget = "/wire-bucket/pre/signed%20file.txt?X-Amz-Expires=901&X-Amz-Algorithm=AWS4-HMAC-SHA256" +
        "&X-Amz-Credential=AKIDEXAMPLE%2F20261126%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261126T141006Z&X-Amz-SignedHeaders=host" +
        "&X-Amz-Signature=9f90c364639ad5da2e0745c3902204b1fb1daa1a09675e9c6611de0ad504cd47";

    [Fact]
    public void Verify_SdkListRequest_Accepts() =>
        Verify(ListRequest(AccessKey, ListSignature), Credentials, ListTime.AddMinutes(14)).ContentSha256.ShouldBe(SigV4.EmptySha256);

    [Fact]
    public void Verify_WrongSecret_ThrowsSignatureDoesNotMatch() =>
        Code(() => Verify(ListRequest(AccessKey, ListSignature), Credentials with { SecretKey = "other" }, ListTime)).ShouldBe("SignatureDoesNotMatch");

    [Fact]
    public void Verify_UnknownAccessKey_ThrowsInvalidAccessKeyId() =>
        Code(() => Verify(ListRequest("AKIDOTHER", ListSignature), Credentials, ListTime)).ShouldBe("InvalidAccessKeyId");

    [Fact]
    public void Verify_ClockSkewOverFifteenMinutes_ThrowsRequestTimeTooSkewed() =>
        Code(() => Verify(ListRequest(AccessKey, ListSignature), Credentials, ListTime.AddMinutes(-16))).ShouldBe("RequestTimeTooSkewed");

    [Fact]
    public void Verify_OtherRegion_ThrowsAuthorizationHeaderMalformed() =>
        Code(() => Verify(ListRequest(AccessKey, ListSignature), Credentials with { Region = "eu-west-1" }, ListTime)).ShouldBe("AuthorizationHeaderMalformed");

    [Fact]
    public void Verify_NoAuthorization_ThrowsAccessDenied() =>
        Code(() => Verify(Request("GET", "/wire-bucket/", ("host", "127.0.0.1:9123")), Credentials, ListTime)).ShouldBe("AccessDenied");

    [Fact]
    public void Verify_CurlGetWithoutContentHash_AcceptsWithEmptyBodyHash()
    {
        var request = Request("GET", "/wire-bucket/pre/signed%20file.txt", ("host", "127.0.0.1:9127"), ("x-amz-date", "20261126T141006Z"),
            ("authorization", Authorization(AccessKey, Scope, "host;x-amz-date", "0eb415c7adf915afb98b4aaef784728edd6d0a5b45b2da0364c415e757bd5760")));

        Verify(request, Credentials, new DateTimeOffset(2026, 11, 26, 14, 10, 6, TimeSpan.Zero)).ContentSha256.ShouldBe(SigV4.EmptySha256);
    }

    [Fact]
    public void Verify_StreamingPutE1_AcceptsAndDefersPayloadToChunks()
    {
        var request = Request("PUT", "/wire-bucket/dir/hello.txt",
            [.. E1Headers, ("authorization", Authorization(AccessKey, Scope, E1SignedHeaders, E1Seed))]);

        var verified = SigV4Verifier.Verify(request, SigV4Verifier.ParseQuery(request.RawQuery), Credentials,
            new DateTimeOffset(2026, 11, 26, 14, 8, 0, TimeSpan.Zero), hasBody: true);

        verified.ContentSha256.ShouldBe(SigV4.StreamingSignedTrailer);
        verified.Auth.Chunking.SeedSignature.ShouldBe(E1Seed);
    }

    [Fact]
    public void Verify_PresignedSdkUrlWithinExpiry_AcceptsWithoutSkewCheck() =>
        Verify(Request("GET", PresignedTarget, ("host", "127.0.0.1:9127")), Credentials, new DateTimeOffset(2026, 11, 26, 14, 25, 0, TimeSpan.Zero))
            .Presigned.ShouldBeTrue();

    [Fact]
    public void Verify_PresignedSdkUrlAfterExpiry_ThrowsAccessDenied() =>
        Code(() => Verify(Request("GET", PresignedTarget, ("host", "127.0.0.1:9127")), Credentials, new DateTimeOffset(2026, 11, 26, 14, 25, 8, TimeSpan.Zero)))
            .ShouldBe("AccessDenied");

    [Fact]
    public void Verify_PresignedUrlOnOtherPath_ThrowsSignatureDoesNotMatch() =>
        Code(() => Verify(Request("GET", PresignedTarget.Replace("signed%20file", "other"), ("host", "127.0.0.1:9127")), Credentials,
            new DateTimeOffset(2026, 11, 26, 14, 11, 0, TimeSpan.Zero))).ShouldBe("SignatureDoesNotMatch");

    [Fact]
    public void Verify_CurlPutWithBody_DefersSignatureToBodyHash()
    {
        var request = Request("PUT", "/b/k", ("host", "h"), ("x-amz-date", "20261126T141006Z"),
            ("authorization", Authorization(AccessKey, Scope, "host;x-amz-date", new string('0', 64))));

        var verified = Verify(request, Credentials, new DateTimeOffset(2026, 11, 26, 14, 10, 6, TimeSpan.Zero), hasBody: true);

        verified.ContentSha256.ShouldBeNull();
        verified.Auth.Matches(SigV4.EmptySha256).ShouldBeFalse();
    }

    private static SigV4Request ListRequest(string accessKey, string signature) =>
        Request("GET", "/wire-bucket/?list-type=2&delimiter=%2F&prefix=dir%2F", ("Host", "127.0.0.1:9123"), ("X-Amz-Date", "20261126T140801Z"),
            ("X-Amz-Content-SHA256", SigV4.EmptySha256),
            ("Authorization", Authorization(accessKey, Scope, "host;x-amz-content-sha256;x-amz-date", signature)));

    private static VerifiedRequest Verify(SigV4Request request, S3Credentials credentials, DateTimeOffset now, bool hasBody = false) =>
        SigV4Verifier.Verify(request, SigV4Verifier.ParseQuery(request.RawQuery), credentials, now, hasBody);

    private static string Code(Action action) => Should.Throw<S3Exception>(action).Code;
}
