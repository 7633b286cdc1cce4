using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using DataProtection.Tests.Infrastructure;
using static DataProtection.Tests.Sandbox.ObjectStore.S3ContractFixture;
using static DataProtection.Tests.Sandbox.ObjectStore.S3TestClients;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>
/// Object, multipart and error semantics asserted against the sandbox endpoint and against npm s3rver 3.7.1, so a mistake shared between our server and our
/// expectations shows up as a difference from an independent implementation. Where s3rver 3.7.1 departs from S3 (observed on this
/// machine), the test asserts that departure explicitly through <see cref="S3ContractFixture.S3rverDeviates{T}"/>.
/// </summary>
[Collection(S3ContractCollection.Name)]
public class S3ContractObjectTests(S3ContractFixture fixture)
{
    public static TheoryData<string> Targets => [S3ContractFixture.Sandbox, S3ContractFixture.S3rver];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task GetObjectAsync_EverySeededObject_ReturnsExactBytesAndMd5ETag(string name)
    {
        var (s3, bucket) = await fixture.SeedAsync(name);

        foreach (var key in VeleroKeys)
        {
            using var response = await s3.GetObjectAsync(bucket, key).DefaultTimeout();
            var stored = await response.ReadAllAsync().DefaultTimeout();

            stored.Length.ShouldBe(Content(key).Length, key);
            Sha256(stored).ShouldBe(Sha256(Content(key)), key);
            response.ETag.ShouldBe(Md5ETag(Content(key)), key);
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task GetObjectAsync_ByteRange_ReturnsSliceWith206(string name)
    {
        var (s3, bucket) = await fixture.SeedAsync(name);
        var content = Content("backups/daily-1/daily-1.tar.gz");

        using var response = await s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket, Key = "backups/daily-1/daily-1.tar.gz", ByteRange = new ByteRange(100, 1099),
        }).DefaultTimeout();
        var slice = await response.ReadAllAsync().DefaultTimeout();

        response.HttpStatusCode.ShouldBe(HttpStatusCode.PartialContent);
        response.ContentRange.ShouldBe($"bytes 100-1099/{content.Length}");
        Sha256(slice).ShouldBe(Sha256(content[100..1100]));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task CompleteMultipartUploadAsync_ThreeParts_StoresConcatenationWithPartCountETag(string name)
    {
        var target = fixture.Target(name);
        var bucket = await NewBucketAsync(target.Client);
        byte[][] parts = [RandomBytes(5 * 1024 * 1024, 31), RandomBytes(5 * 1024 * 1024, 32), RandomBytes(777, 33)];
        var init = await target.Client.InitiateMultipartUploadAsync(bucket, "mpu/object.bin").DefaultTimeout();

        var etags = new List<PartETag>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = await target.Client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket, Key = "mpu/object.bin", UploadId = init.UploadId, PartNumber = i + 1,
                InputStream = new MemoryStream(parts[i]), PartSize = parts[i].Length, UseChunkEncoding = target.ChunkEncoding,
            }).DefaultTimeout();
            part.ETag.ShouldBe(Md5ETag(parts[i]));
            etags.Add(new PartETag(i + 1, part.ETag));
        }
        var complete = await target.Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = "mpu/object.bin", UploadId = init.UploadId, PartETags = etags,
        }).DefaultTimeout();
        var stored = await target.Client.GetBytesAsync(bucket, "mpu/object.bin").DefaultTimeout(60);

        // s3rver answers with the MD5 of the whole object instead of S3's "<md5 of part md5s>-<count>".
        complete.ETag.ShouldBe(S3rverDeviates(name, s3: MultipartETag(parts),
            s3rver: Md5ETag([.. parts.SelectMany(p => p)])));
        stored.Length.ShouldBe(parts.Sum(p => p.Length));
        Sha256(stored).ShouldBe(Sha256([.. parts.SelectMany(p => p)]));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task DeleteObjectsAsync_TwoKeys_RemovesOnlyThose(string name)
    {
        var (s3, bucket) = await fixture.SeedAsync(name);

        var result = await s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket, Objects = [new() { Key = "top.txt" }, new() { Key = "kopia/shop/kopia.repository" }],
        }).DefaultTimeout();
        var remaining = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }).DefaultTimeout();

        result.DeletedObjects.Select(d => d.Key).ShouldBe(["top.txt", "kopia/shop/kopia.repository"], ignoreOrder: true);
        remaining.S3Objects.Select(o => o.Key).ShouldBe(VeleroKeys.Except(["top.txt", "kopia/shop/kopia.repository"]));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Errors_MissingKeyMissingBucketNonEmptyBucket_HaveS3CodesAndStatuses(string name)
    {
        var (s3, bucket) = await fixture.SeedAsync(name);

        var noKey = await Should.ThrowAsync<AmazonS3Exception>(s3.GetObjectAsync(bucket, "backups/nope.json").DefaultTimeout());
        var noBucket = await Should.ThrowAsync<AmazonS3Exception>(s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = UniqueBucket("absent") })
            .DefaultTimeout());
        var notEmpty = await Should.ThrowAsync<AmazonS3Exception>(s3.DeleteBucketAsync(bucket).DefaultTimeout());
        var head = await Should.ThrowAsync<AmazonS3Exception>(s3.GetObjectMetadataAsync(bucket, "backups/nope.json").DefaultTimeout());

        (noKey.ErrorCode, noKey.StatusCode).ShouldBe(("NoSuchKey", HttpStatusCode.NotFound));
        (noBucket.ErrorCode, noBucket.StatusCode).ShouldBe(("NoSuchBucket", HttpStatusCode.NotFound));
        (notEmpty.ErrorCode, notEmpty.StatusCode).ShouldBe(("BucketNotEmpty", HttpStatusCode.Conflict));
        (head.ErrorCode, head.StatusCode).ShouldBe(("NotFound", HttpStatusCode.NotFound));
    }
}
