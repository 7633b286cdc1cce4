using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using DataProtection.Tests.Infrastructure;
using static DataProtection.Tests.Sandbox.ObjectStore.S3TestClients;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>Multipart uploads as TransferUtility and the low-level SDK calls drive them.</summary>
public class S3ServerMultipartTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>, IAsyncLifetime
{
    private const int PartSize = 5 * 1024 * 1024;
    private readonly IAmazonS3 _s3 = fixture.Client;
    private readonly string _bucket = UniqueBucket("multipart");

    public Task InitializeAsync() => _s3.PutBucketAsync(_bucket).DefaultTimeout();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task UploadAsync_TransferUtilityStreamOf20MiB_StoresExactBytesWithMultipartETag()
    {
        var data = RandomBytes(20 * 1024 * 1024 + 12345, seed: 20);

        await new TransferUtility(_s3).UploadAsync(new MemoryStream(data), _bucket, "big/20mb.bin").DefaultTimeout(120);
        var head = await _s3.GetObjectMetadataAsync(_bucket, "big/20mb.bin").DefaultTimeout();
        var stored = await _s3.GetBytesAsync(_bucket, "big/20mb.bin").DefaultTimeout(120);

        const int sdkPart = 8 * 1024 * 1024;
        head.ETag.ShouldBe(MultipartETag(data[..sdkPart], data[sdkPart..(2 * sdkPart)], data[(2 * sdkPart)..]));
        stored.Length.ShouldBe(data.Length);
        Sha256(stored).ShouldBe(Sha256(data));
    }

    [Fact]
    public async Task UploadAsync_TransferUtilityFileWithConcurrentParts_StoresExactBytes()
    {
        var data = RandomBytes(40 * 1024 * 1024, seed: 40);
        var file = Path.Combine(fixture.DataDirectory, "..", Guid.NewGuid().ToString("N") + ".bin");
        await File.WriteAllBytesAsync(file, data).DefaultTimeout();
        try
        {
            await new TransferUtility(_s3).UploadAsync(file, _bucket, "big/40mb-file.bin").DefaultTimeout(180);
        }
        finally
        {
            File.Delete(file);
        }

        var stored = await _s3.GetBytesAsync(_bucket, "big/40mb-file.bin").DefaultTimeout(120);

        stored.Length.ShouldBe(data.Length);
        Sha256(stored).ShouldBe(Sha256(data));
    }

    [Fact]
    public async Task CompleteMultipartUploadAsync_TwoParts_ETagIsMd5OfPartMd5sWithCount()
    {
        var first = RandomBytes(PartSize, seed: 1);
        var second = RandomBytes(1000, seed: 2);
        var init = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket, Key = "low/two.bin", ContentType = "application/x-tar", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        }).DefaultTimeout();

        var part1 = await UploadPartAsync(init.UploadId, "low/two.bin", 1, first);
        var part2 = await UploadPartAsync(init.UploadId, "low/two.bin", 2, second);
        var complete = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket, Key = "low/two.bin", UploadId = init.UploadId, PartETags = [new(1, part1.ETag), new(2, part2.ETag)],
        }).DefaultTimeout();
        using var get = await _s3.GetObjectAsync(_bucket, "low/two.bin").DefaultTimeout();
        var stored = await get.ReadAllAsync().DefaultTimeout();

        part1.ETag.ShouldBe(Md5ETag(first));
        complete.ETag.ShouldBe(MultipartETag(first, second));
        complete.ETag.ShouldEndWith("-2\"");
        get.Headers.ContentType.ShouldBe("application/x-tar");
        get.ServerSideEncryptionMethod.ShouldBe(ServerSideEncryptionMethod.AES256);
        Sha256(stored).ShouldBe(Sha256([.. first, .. second]));
    }

    [Fact]
    public async Task AbortMultipartUploadAsync_ThenUploadPart_ThrowsNoSuchUpload()
    {
        var init = await _s3.InitiateMultipartUploadAsync(_bucket, "low/aborted.bin").DefaultTimeout();
        await UploadPartAsync(init.UploadId, "low/aborted.bin", 1, [1, 2, 3]);

        var aborted = await _s3.AbortMultipartUploadAsync(_bucket, "low/aborted.bin", init.UploadId).DefaultTimeout();
        var error = await Should.ThrowAsync<AmazonS3Exception>(UploadPartAsync(init.UploadId, "low/aborted.bin", 2, [4]));
        var abortAgain = await Should.ThrowAsync<AmazonS3Exception>(_s3.AbortMultipartUploadAsync(_bucket, "low/aborted.bin", init.UploadId).DefaultTimeout());

        aborted.HttpStatusCode.ShouldBe(HttpStatusCode.NoContent);
        error.ErrorCode.ShouldBe("NoSuchUpload");
        error.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        abortAgain.ErrorCode.ShouldBe("NoSuchUpload");
        (await Should.ThrowAsync<AmazonS3Exception>(_s3.GetObjectMetadataAsync(_bucket, "low/aborted.bin").DefaultTimeout())).ErrorCode.ShouldBe("NotFound");
    }

    [Fact]
    public async Task CompleteMultipartUploadAsync_WrongETagOrSmallPart_ThrowsInvalidPartOrEntityTooSmall()
    {
        var init = await _s3.InitiateMultipartUploadAsync(_bucket, "low/bad.bin").DefaultTimeout();
        var small = await UploadPartAsync(init.UploadId, "low/bad.bin", 1, [1, 2, 3]);
        var last = await UploadPartAsync(init.UploadId, "low/bad.bin", 2, [4]);

        var wrongETag = await Should.ThrowAsync<AmazonS3Exception>(_s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket, Key = "low/bad.bin", UploadId = init.UploadId, PartETags = [new(1, Md5ETag([9]))],
        }).DefaultTimeout());
        var tooSmall = await Should.ThrowAsync<AmazonS3Exception>(_s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket, Key = "low/bad.bin", UploadId = init.UploadId, PartETags = [new(1, small.ETag), new(2, last.ETag)],
        }).DefaultTimeout());

        wrongETag.ErrorCode.ShouldBe("InvalidPart");
        tooSmall.ErrorCode.ShouldBe("EntityTooSmall");
    }

    [Fact]
    public async Task UploadPartAsync_UnknownUploadId_ThrowsNoSuchUpload()
    {
        var error = await Should.ThrowAsync<AmazonS3Exception>(UploadPartAsync("0123456789abcdef0123456789abcdef", "low/none.bin", 1, [1]));

        error.ErrorCode.ShouldBe("NoSuchUpload");
    }

    private Task<UploadPartResponse> UploadPartAsync(string uploadId, string key, int number, byte[] data) =>
        _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _bucket, Key = key, UploadId = uploadId, PartNumber = number, InputStream = new MemoryStream(data), PartSize = data.Length,
        }).DefaultTimeout();
}
