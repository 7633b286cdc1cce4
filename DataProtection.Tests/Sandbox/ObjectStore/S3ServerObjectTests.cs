using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DataProtection.Tests.Infrastructure;
using static DataProtection.Tests.Sandbox.ObjectStore.S3TestClients;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>Object operations through AWSSDK.S3 4.1.0 with its default settings (aws-chunked bodies with CRC32 trailers).</summary>
public class S3ServerObjectTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>, IAsyncLifetime
{
    private readonly IAmazonS3 _s3 = fixture.Client;
    private readonly string _bucket = UniqueBucket("objects");

    public Task InitializeAsync() => _s3.PutBucketAsync(_bucket).DefaultTimeout();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(81920)]
    [InlineData(200_000)]
    [InlineData(1_000_003)]
    [InlineData(32 * 1024 * 1024 + 1)]
    public async Task PutObjectAsync_DefaultChunkedUpload_StoresExactBytes(int size)
    {
        var data = RandomBytes(size, seed: size);

        var put = await _s3.PutBytesAsync(_bucket, $"sizes/{size}.bin", data).DefaultTimeout();
        using var get = await _s3.GetObjectAsync(_bucket, $"sizes/{size}.bin").DefaultTimeout();
        var stored = await get.ReadAllAsync().DefaultTimeout();

        put.ETag.ShouldBe(Md5ETag(data));
        get.ETag.ShouldBe(Md5ETag(data));
        get.ContentLength.ShouldBe(size);
        stored.Length.ShouldBe(size);
        Sha256(stored).ShouldBe(Sha256(data));
    }

    [Theory]
    [InlineData(RequestChecksumCalculation.WHEN_REQUIRED, true)]
    [InlineData(RequestChecksumCalculation.WHEN_SUPPORTED, false)]
    [InlineData(RequestChecksumCalculation.WHEN_REQUIRED, false)]
    public async Task PutObjectAsync_OtherBodyEncodings_StoresExactBytes(RequestChecksumCalculation checksums, bool chunkEncoding)
    {
        using var s3 = Create(fixture.Server.Endpoint, fixture.Server.AccessKey, fixture.Server.SecretKey, checksums: checksums);
        var data = RandomBytes(150_000, seed: 7);
        var key = $"encodings/{checksums}-{chunkEncoding}";

        await s3.PutBytesAsync(_bucket, key, data, chunkEncoding).DefaultTimeout();
        var stored = await s3.GetBytesAsync(_bucket, key).DefaultTimeout();

        stored.Length.ShouldBe(data.Length);
        Sha256(stored).ShouldBe(Sha256(data));
    }

    [Fact]
    public async Task GetObjectAsync_AfterPutWithMetadata_ReturnsHeadersAndMetadata()
    {
        var request = new PutObjectRequest { BucketName = _bucket, Key = "dir/hello.txt", ContentBody = "Hello, S3 wire!\n", ContentType = "text/plain" };
        request.Metadata.Add("color", "blue");
        await _s3.PutObjectAsync(request).DefaultTimeout();

        using var response = await _s3.GetObjectAsync(_bucket, "dir/hello.txt").DefaultTimeout();
        var body = await response.ReadAllAsync().DefaultTimeout();

        System.Text.Encoding.UTF8.GetString(body).ShouldBe("Hello, S3 wire!\n");
        response.Headers.ContentType.ShouldBe("text/plain");
        response.Metadata["color"].ShouldBe("blue");
        response.LastModified.ShouldNotBeNull().ShouldBeInRange(DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
        response.ChecksumCRC32.ShouldBe("hVbsRQ==");
    }

    [Theory]
    [InlineData("a b/c+d=e&f~g!h'(i)*é.txt")]
    [InlineData("dbl//slash/./x/../y")]
    [InlineData("pct%41.txt")]
    [InlineData("colon:key;semi,comma")]
    [InlineData("unicodé/日本語.txt")]
    [InlineData("trailing/")]
    public async Task PutObjectAsync_LiteralKeys_RoundTripAndList(string key)
    {
        var data = RandomBytes(100, seed: key.Length);

        await _s3.PutBytesAsync(_bucket, "keys/" + key, data).DefaultTimeout();
        var stored = await _s3.GetBytesAsync(_bucket, "keys/" + key).DefaultTimeout();
        var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = "keys/" + key }).DefaultTimeout();

        Sha256(stored).ShouldBe(Sha256(data));
        listing.S3Objects.ShouldNotBeNull().Select(o => o.Key).ShouldContain("keys/" + key);
    }

    [Theory]
    [InlineData(0, 4, "01234")]
    [InlineData(10, 15, "abcdef")]
    [InlineData(10, 99, "abcdef")]
    public async Task GetObjectAsync_ByteRange_Returns206WithContentRange(long start, long end, string expected)
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "range.txt", ContentBody = "0123456789abcdef" }).DefaultTimeout();

        using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "range.txt", ByteRange = new ByteRange(start, end) })
            .DefaultTimeout();

        System.Text.Encoding.ASCII.GetString(await response.ReadAllAsync().DefaultTimeout()).ShouldBe(expected);
        response.HttpStatusCode.ShouldBe(HttpStatusCode.PartialContent);
        response.ContentRange.ShouldBe($"bytes {start}-{start + expected.Length - 1}/16");
    }

    [Fact]
    public async Task GetObjectAsync_RangeBeyondEnd_ThrowsInvalidRange()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "short.txt", ContentBody = "0123456789abcdef" }).DefaultTimeout();

        var error = await Should.ThrowAsync<AmazonS3Exception>(
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "short.txt", ByteRange = new ByteRange(16, 20) }).DefaultTimeout());

        error.ErrorCode.ShouldBe("InvalidRange");
        ((int)error.StatusCode).ShouldBe(416);
    }

    [Fact]
    public async Task GetObjectAsync_MissingKeyOrBucket_ThrowsNoSuchKeyOrNoSuchBucket()
    {
        var noKey = await Should.ThrowAsync<AmazonS3Exception>(_s3.GetObjectAsync(_bucket, "nope.txt").DefaultTimeout());
        var noBucket = await Should.ThrowAsync<AmazonS3Exception>(_s3.GetObjectAsync(UniqueBucket("nobucket"), "nope.txt").DefaultTimeout());

        noKey.ErrorCode.ShouldBe("NoSuchKey");
        noKey.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        noBucket.ErrorCode.ShouldBe("NoSuchBucket");
    }

    [Fact]
    public async Task GetObjectMetadataAsync_MissingKey_ThrowsNotFound()
    {
        var error = await Should.ThrowAsync<AmazonS3Exception>(_s3.GetObjectMetadataAsync(_bucket, "missing").DefaultTimeout());

        error.ErrorCode.ShouldBe("NotFound");
        error.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("AES256", null)]
    [InlineData("aws:kms", "arn:aws:kms:us-east-1:111122223333:key/sandbox")]
    public async Task GetObjectMetadataAsync_AfterSsePut_ReturnsEncryptionHeaders(string method, string? keyId)
    {
        var data = RandomBytes(5000, seed: 3);
        var put = await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = "sse/" + method,
            InputStream = new MemoryStream(data),
            ServerSideEncryptionMethod = new ServerSideEncryptionMethod(method),
            ServerSideEncryptionKeyManagementServiceKeyId = keyId,
        }).DefaultTimeout();

        var head = await _s3.GetObjectMetadataAsync(_bucket, "sse/" + method).DefaultTimeout();
        var stored = await _s3.GetBytesAsync(_bucket, "sse/" + method).DefaultTimeout();

        put.ServerSideEncryptionMethod.Value.ShouldBe(method);
        head.ServerSideEncryptionMethod.Value.ShouldBe(method);
        head.ServerSideEncryptionKeyManagementServiceKeyId.ShouldBe(keyId);
        head.ContentLength.ShouldBe(data.Length);
        Sha256(stored).ShouldBe(Sha256(data));
    }

    [Fact]
    public async Task PutObjectAsync_UnknownEncryptionMethod_ThrowsInvalidArgumentAndStoresNothing()
    {
        var error = await Should.ThrowAsync<AmazonS3Exception>(_s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket, Key = "sse/bogus", ContentBody = "x", ServerSideEncryptionMethod = new ServerSideEncryptionMethod("rot13"),
        }).DefaultTimeout());

        error.ErrorCode.ShouldBe("InvalidArgument");
        error.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Should.ThrowAsync<AmazonS3Exception>(_s3.GetObjectMetadataAsync(_bucket, "sse/bogus").DefaultTimeout())).ErrorCode.ShouldBe("NotFound");
    }

    [Fact]
    public async Task DeleteObjectAsync_ExistingAndMissing_Return204AndKeyIsGone()
    {
        await _s3.PutBytesAsync(_bucket, "del/one", [1]).DefaultTimeout();

        var deleted = await _s3.DeleteObjectAsync(_bucket, "del/one").DefaultTimeout();
        var missing = await _s3.DeleteObjectAsync(_bucket, "del/never").DefaultTimeout();

        deleted.HttpStatusCode.ShouldBe(HttpStatusCode.NoContent);
        missing.HttpStatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Should.ThrowAsync<AmazonS3Exception>(_s3.GetObjectAsync(_bucket, "del/one").DefaultTimeout())).ErrorCode.ShouldBe("NoSuchKey");
    }

    [Fact]
    public async Task DeleteObjectsAsync_VerboseAndQuiet_DeleteAllAndReportPerMode()
    {
        string[] keys = ["multi/a&b<c>.txt", "multi/x", "multi/y", "multi/z"];
        foreach (var key in keys)
        {
            await _s3.PutBytesAsync(_bucket, key, [9]).DefaultTimeout();
        }

        var verbose = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = _bucket, Objects = [new() { Key = keys[0] }, new() { Key = keys[1] }] })
            .DefaultTimeout();
        var quiet = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = _bucket, Quiet = true, Objects = [new() { Key = keys[2] }, new() { Key = keys[3] }] })
            .DefaultTimeout();
        var remaining = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = "multi/" }).DefaultTimeout();

        verbose.DeletedObjects.Select(d => d.Key).ShouldBe(keys[..2], ignoreOrder: true);
        quiet.DeletedObjects.ShouldBeNull();
        remaining.S3Objects.ShouldBeNull();
    }
}
