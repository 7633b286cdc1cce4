using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using DataProtection.Tests.Infrastructure;
using static DataProtection.Tests.Sandbox.ObjectStore.S3TestClients;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>
/// The same S3 semantics asserted against the sandbox endpoint and against npm s3rver 3.7.1, so a mistake shared between our server and
/// our expectations shows up as a difference from an independent implementation. Where s3rver 3.7.1 departs from S3 (observed on this
/// machine), the test asserts that departure explicitly through <see cref="S3rverDeviates{T}"/>, so the oracle's blind spots stay visible.
/// </summary>
public class S3ContractTests(S3ContractFixture fixture) : IClassFixture<S3ContractFixture>
{
    public static TheoryData<string> Targets => [S3ContractFixture.Sandbox, S3ContractFixture.S3rver];

    /// <summary>A bucket laid out as Velero lays one out (shared/velero/FORMAT.md §1), plus a loose top-level object.</summary>
    public static readonly string[] VeleroKeys =
    [
        "backups/daily-1/daily-1-logs.gz", "backups/daily-1/daily-1.tar.gz", "backups/daily-1/velero-backup.json",
        "backups/daily-2/daily-2.tar.gz", "backups/daily-2/velero-backup.json", "kopia/shop/kopia.repository",
        "restores/r1/restore-r1-logs.gz", "top.txt",
    ];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task ListObjectsV2Async_DelimiterAtRoot_ReturnsTopLevelPrefixesAndKeys(string name)
    {
        var (s3, bucket) = await SeedAsync(name);

        var response = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/" }).DefaultTimeout();

        // s3rver reports a common prefix only for a folder that directly holds an object; Velero's top-level folders hold only sub-folders.
        response.CommonPrefixes.ShouldBe(S3rverDeviates(name, s3: ["backups/", "kopia/", "restores/"], s3rver: (List<string>?)null));
        response.S3Objects.Select(o => o.Key).ShouldBe(["top.txt"]);
        response.KeyCount.ShouldBe(S3rverDeviates(name, s3: 4, s3rver: 1));
        response.IsTruncated.ShouldBe(false);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task ListObjectsV2Async_PrefixAndDelimiter_ReturnsBackupFolders(string name)
    {
        var (s3, bucket) = await SeedAsync(name);

        var folders = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "backups/", Delimiter = "/" }).DefaultTimeout();
        var files = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "backups/daily-1/" }).DefaultTimeout();

        folders.CommonPrefixes.ShouldBe(["backups/daily-1/", "backups/daily-2/"]);
        folders.S3Objects.ShouldBeNull();
        files.S3Objects.Select(o => o.Key).ShouldBe(VeleroKeys[..3]);
        files.S3Objects.Select(o => o.Size).ShouldBe(VeleroKeys[..3].Select(k => (long?)Content(k).Length));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task ListObjectsV2Async_MaxKeysWithContinuation_PagesThroughEveryKeyOnce(string name)
    {
        var (s3, bucket) = await SeedAsync(name);
        if (name == S3ContractFixture.S3rver)
        {
            // s3rver answers a truncated ListObjectsV2 page with 500 InternalError.
            var error = await Should.ThrowAsync<AmazonS3Exception>(ListPagesAsync(s3, new ListObjectsV2Request { BucketName = bucket, MaxKeys = 3 }));
            error.ErrorCode.ShouldBe("InternalError");
            return;
        }

        var pages = await ListPagesAsync(s3, new ListObjectsV2Request { BucketName = bucket, MaxKeys = 3 });

        pages.Select(p => p.Count).ShouldBe([3, 3, 2]);
        pages.SelectMany(p => p).ShouldBe(VeleroKeys);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task ListObjectsV2Async_MaxKeysWithDelimiter_CountsEachCommonPrefixOnce(string name)
    {
        var (s3, bucket) = await SeedAsync(name);

        var pages = await ListPagesAsync(s3, new ListObjectsV2Request { BucketName = bucket, MaxKeys = 2, Delimiter = "/" });

        pages.SelectMany(p => p).ShouldBe(S3rverDeviates<string[]>(name, s3: ["backups/", "kopia/", "restores/", "top.txt"], s3rver: ["top.txt"]));
        pages.Count.ShouldBe(S3rverDeviates(name, s3: 2, s3rver: 1));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task ListObjectsV2Async_StartAfter_ReturnsOnlyLaterKeys(string name)
    {
        var (s3, bucket) = await SeedAsync(name);

        var response = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, StartAfter = "backups/daily-2/velero-backup.json" })
            .DefaultTimeout();

        response.S3Objects.Select(o => o.Key).ShouldBe(VeleroKeys[5..]);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task GetObjectAsync_EverySeededObject_ReturnsExactBytesAndMd5ETag(string name)
    {
        var (s3, bucket) = await SeedAsync(name);

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
        var (s3, bucket) = await SeedAsync(name);
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
        complete.ETag.ShouldBe(S3rverDeviates(name, s3: DataProtection.Sandbox.ObjectStore.MultipartUploads.MultipartETag(parts.Select(Md5ETag)),
            s3rver: Md5ETag([.. parts.SelectMany(p => p)])));
        stored.Length.ShouldBe(parts.Sum(p => p.Length));
        Sha256(stored).ShouldBe(Sha256([.. parts.SelectMany(p => p)]));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task DeleteObjectsAsync_TwoKeys_RemovesOnlyThose(string name)
    {
        var (s3, bucket) = await SeedAsync(name);

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
        var (s3, bucket) = await SeedAsync(name);

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

    [Fact]
    public async Task SeededBucket_BothServers_SameListingsAndBytes()
    {
        var (ours, ourBucket) = await SeedAsync(S3ContractFixture.Sandbox);
        var (theirs, theirBucket) = await SeedAsync(S3ContractFixture.S3rver);

        // Root-level delimiter listings are left out: s3rver misses folders that hold only sub-folders (see the test above).
        ListObjectsV2Request[] requests =
        [
            new(), new() { Prefix = "backups/", Delimiter = "/" }, new() { Prefix = "backups/daily-1/", Delimiter = "/" }, new() { Prefix = "b" },
            new() { Prefix = "restores/r1/" }, new() { Prefix = "nothing/", Delimiter = "/" },
        ];
        foreach (var request in requests)
        {
            var a = await ListAsync(ours, ourBucket, request);
            var b = await ListAsync(theirs, theirBucket, request);
            a.ShouldBe(b, $"prefix '{request.Prefix}' delimiter '{request.Delimiter}'");
        }
        foreach (var key in VeleroKeys)
        {
            (await ours.GetBytesAsync(ourBucket, key).DefaultTimeout()).ShouldBe(await theirs.GetBytesAsync(theirBucket, key).DefaultTimeout(), key);
        }
    }

    private static T S3rverDeviates<T>(string name, T s3, T s3rver) => name == S3ContractFixture.S3rver ? s3rver : s3;

    private static async Task<string[]> ListAsync(IAmazonS3 s3, string bucket, ListObjectsV2Request request)
    {
        var response = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = request.Prefix, Delimiter = request.Delimiter })
            .DefaultTimeout();
        return [.. (response.S3Objects ?? []).Select(o => $"{o.Key} {o.Size} {o.ETag}"), .. (response.CommonPrefixes ?? []).Select(p => "prefix " + p)];
    }

    private static async Task<List<List<string>>> ListPagesAsync(IAmazonS3 s3, ListObjectsV2Request request)
    {
        var pages = new List<List<string>>();
        do
        {
            var response = await s3.ListObjectsV2Async(request).DefaultTimeout();
            pages.Add([.. (response.CommonPrefixes ?? []), .. (response.S3Objects ?? []).Select(o => o.Key)]);
            request.ContinuationToken = response.NextContinuationToken;
            if (response.IsTruncated != true)
            {
                break;
            }
        }
        while (pages.Count < 20);
        return pages;
    }

    private async Task<(IAmazonS3 S3, string Bucket)> SeedAsync(string name)
    {
        var target = fixture.Target(name);
        var bucket = await NewBucketAsync(target.Client);
        foreach (var key in VeleroKeys)
        {
            await target.Client.PutBytesAsync(bucket, key, Content(key), target.ChunkEncoding).DefaultTimeout();
        }
        return (target.Client, bucket);
    }

    private static async Task<string> NewBucketAsync(IAmazonS3 s3)
    {
        var bucket = UniqueBucket("contract");
        await s3.PutBucketAsync(bucket).DefaultTimeout();
        return bucket;
    }

    private static byte[] Content(string key) => RandomBytes(key.EndsWith(".tar.gz") ? 250_000 + key.Length : 100 + key.Length * 7, key.Sum(c => c));
}
