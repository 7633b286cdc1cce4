using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static DataProtection.Tests.Sandbox.ObjectStore.S3TestClients;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>SigV4 against the live server: wrong credentials, clock skew, presigned URLs (SDK- and server-made).</summary>
public class S3ServerAuthTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>, IAsyncLifetime
{
    private readonly IAmazonS3 _s3 = fixture.Client;
    private readonly string _bucket = UniqueBucket("auth");
    private readonly byte[] _data = RandomBytes(70_000, seed: 11);

    public async Task InitializeAsync()
    {
        await _s3.PutBucketAsync(_bucket).DefaultTimeout();
        await _s3.PutBytesAsync(_bucket, "pre/signed file.txt", _data).DefaultTimeout();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ListBucketsAsync_WrongSecret_ThrowsSignatureDoesNotMatch()
    {
        using var s3 = Create(fixture.Server.Endpoint, fixture.Server.AccessKey, "not-the-secret");

        var error = await Should.ThrowAsync<AmazonS3Exception>(s3.ListBucketsAsync().DefaultTimeout());

        error.ErrorCode.ShouldBe("SignatureDoesNotMatch");
        error.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PutObjectAsync_WrongSecret_ThrowsSignatureDoesNotMatchAndStoresNothing()
    {
        using var s3 = Create(fixture.Server.Endpoint, fixture.Server.AccessKey, "not-the-secret");

        var error = await Should.ThrowAsync<AmazonS3Exception>(s3.PutBytesAsync(_bucket, "forged", [1, 2, 3]).DefaultTimeout());

        error.ErrorCode.ShouldBe("SignatureDoesNotMatch");
        (await Should.ThrowAsync<AmazonS3Exception>(_s3.GetObjectMetadataAsync(_bucket, "forged").DefaultTimeout())).ErrorCode.ShouldBe("NotFound");
    }

    [Fact]
    public async Task ListBucketsAsync_UnknownAccessKey_ThrowsInvalidAccessKeyId()
    {
        using var s3 = Create(fixture.Server.Endpoint, "AKIDUNKNOWN", fixture.Server.SecretKey);

        var error = await Should.ThrowAsync<AmazonS3Exception>(s3.ListBucketsAsync().DefaultTimeout());

        error.ErrorCode.ShouldBe("InvalidAccessKeyId");
        error.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_SignedTwentyMinutesAgo_Returns403RequestTimeTooSkewed()
    {
        using var http = new HttpClient();
        var request = SignedGet(new Uri(fixture.Server.Endpoint, "/"), DateTimeOffset.UtcNow.AddMinutes(-20));

        using var response = await http.SendAsync(request).DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync().DefaultTimeout()).ShouldContain("<Code>RequestTimeTooSkewed</Code>");
    }

    [Fact]
    public async Task Get_SignedNow_Returns200()
    {
        using var http = new HttpClient();

        using var response = await http.SendAsync(SignedGet(new Uri(fixture.Server.Endpoint, "/"), DateTimeOffset.UtcNow)).DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_NoAuthorization_Returns403AccessDenied()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(fixture.Server.Endpoint, $"/{_bucket}/pre/signed%20file.txt")).DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync().DefaultTimeout()).ShouldContain("<Code>AccessDenied</Code>");
    }

    [Fact]
    public async Task Delete_ForgedSignatureWithBodyAndNoContentHash_Returns403AndKeepsObject()
    {
        using var http = new HttpClient();
        var amzDate = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(fixture.Server.Endpoint, $"/{_bucket}/pre/signed%20file.txt"))
        {
            Content = new StringContent("any body"),
        };
        request.Headers.Add("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization", WireExamples.Authorization(fixture.Server.AccessKey,
            SigV4.Scope(amzDate[..8], fixture.Server.Region), "host;x-amz-date", new string('0', 64)));

        using var response = await http.SendAsync(request).DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync().DefaultTimeout()).ShouldContain("<Code>SignatureDoesNotMatch</Code>");
        Sha256(await _s3.GetBytesAsync(_bucket, "pre/signed file.txt").DefaultTimeout()).ShouldBe(Sha256(_data));
    }

    [Fact]
    public async Task GetPreSignedUrlAsync_SdkUrlFetchedWithHttpClient_ReturnsExactBytes()
    {
        var url = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = _bucket, Key = "pre/signed file.txt", Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP, Verb = HttpVerb.GET,
        }).DefaultTimeout();
        using var http = new HttpClient();

        var body = await http.GetByteArrayAsync(url).DefaultTimeout();

        Sha256(body).ShouldBe(Sha256(_data));
    }

    [Fact]
    public async Task GetPreSignedUrlAsync_WithResponseOverrides_ReturnsOverriddenHeaders()
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _bucket, Key = "pre/signed file.txt", Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP, Verb = HttpVerb.GET,
        };
        request.ResponseHeaderOverrides.ContentDisposition = "attachment; filename=\"x y.txt\"";
        request.ResponseHeaderOverrides.ContentType = "text/plain";
        var url = await _s3.GetPreSignedURLAsync(request).DefaultTimeout();
        using var http = new HttpClient();

        using var response = await http.GetAsync(url).DefaultTimeout();
        var body = await response.Content.ReadAsByteArrayAsync().DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition.ShouldNotBeNull().FileName.ShouldBe("x y.txt");
        response.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("text/plain");
        Sha256(body).ShouldBe(Sha256(_data));
    }

    [Fact]
    public async Task PresignGetUrl_ServerUrlFetchedWithHttpClient_ReturnsExactBytes()
    {
        using var http = new HttpClient();

        var body = await http.GetByteArrayAsync(fixture.Server.PresignGetUrl(_bucket, "pre/signed file.txt", TimeSpan.FromMinutes(10))).DefaultTimeout();

        body.Length.ShouldBe(_data.Length);
        Sha256(body).ShouldBe(Sha256(_data));
    }

    [Fact]
    public async Task PresignGetUrl_AfterExpiry_Returns403AccessDenied()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var directory = Path.Combine(Path.GetTempPath(), "dp-s3-tests", Guid.NewGuid().ToString("N"));
        await using (var server = await S3Server.StartAsync(new S3ServerOptions(directory), time, CancellationToken.None).DefaultTimeout())
        {
            using var s3 = Create(server.Endpoint, server.AccessKey, server.SecretKey);
            await s3.PutBucketAsync("expiry").DefaultTimeout();
            await s3.PutBytesAsync("expiry", "k.bin", _data).DefaultTimeout();
            var url = server.PresignGetUrl("expiry", "k.bin", TimeSpan.FromMinutes(1));
            using var http = new HttpClient();

            using var fresh = await http.GetAsync(url).DefaultTimeout();
            var freshBody = await fresh.Content.ReadAsByteArrayAsync().DefaultTimeout();
            time.Advance(TimeSpan.FromSeconds(61));
            using var expired = await http.GetAsync(url).DefaultTimeout();

            fresh.StatusCode.ShouldBe(HttpStatusCode.OK);
            Sha256(freshBody).ShouldBe(Sha256(_data));
            expired.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            var error = await expired.Content.ReadAsStringAsync().DefaultTimeout();
            error.ShouldContain("<Code>AccessDenied</Code>");
            error.ShouldContain("Request has expired");
        }
        Directory.Delete(directory, recursive: true);
    }

    private HttpRequestMessage SignedGet(Uri uri, DateTimeOffset at)
    {
        var amzDate = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = $"{uri.Host}:{uri.Port}";
        var scope = SigV4.Scope(amzDate[..8], fixture.Server.Region);
        var canonical = SigV4.CanonicalRequest("GET", uri.AbsolutePath, "",
            $"host:{host}\nx-amz-content-sha256:{SigV4.EmptySha256}\nx-amz-date:{amzDate}\n", "host;x-amz-content-sha256;x-amz-date", SigV4.EmptySha256);
        var signature = SigV4.Sign(SigV4.SigningKey(fixture.Server.SecretKey, amzDate[..8], fixture.Server.Region), SigV4.StringToSign(amzDate, scope, canonical));
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("x-amz-date", amzDate);
        request.Headers.Add("x-amz-content-sha256", SigV4.EmptySha256);
        request.Headers.TryAddWithoutValidation("Authorization",
            WireExamples.Authorization(fixture.Server.AccessKey, scope, "host;x-amz-content-sha256;x-amz-date", signature));
        return request;
    }
}
