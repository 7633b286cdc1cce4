using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using DataProtection.Tests.Infrastructure;
using static DataProtection.Tests.Sandbox.ObjectStore.S3ContractFixture;
using static DataProtection.Tests.Sandbox.ObjectStore.S3TestClients;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>
/// ListObjectsV2 semantics asserted against the sandbox endpoint and against npm s3rver 3.7.1, so a mistake shared between our server and our
/// expectations shows up as a difference from an independent implementation. Where s3rver 3.7.1 departs from S3 (observed on this
/// machine), the test asserts that departure explicitly through <see cref="S3ContractFixture.S3rverDeviates{T}"/>.
/// </summary>
[Collection(S3ContractCollection.Name)]
public class S3ContractListingTests(S3ContractFixture fixture)
{
    public static TheoryData<string> Targets => [S3ContractFixture.Sandbox, S3ContractFixture.S3rver];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task ListObjectsV2Async_DelimiterAtRoot_ReturnsTopLevelPrefixesAndKeys(string name)
    {
        var (s3, bucket) = await fixture.SeedAsync(name);

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
        var (s3, bucket) = await fixture.SeedAsync(name);

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
        var (s3, bucket) = await fixture.SeedAsync(name);
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
        var (s3, bucket) = await fixture.SeedAsync(name);

        var pages = await ListPagesAsync(s3, new ListObjectsV2Request { BucketName = bucket, MaxKeys = 2, Delimiter = "/" });

        pages.SelectMany(p => p).ShouldBe(S3rverDeviates<string[]>(name, s3: ["backups/", "kopia/", "restores/", "top.txt"], s3rver: ["top.txt"]));
        pages.Count.ShouldBe(S3rverDeviates(name, s3: 2, s3rver: 1));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task ListObjectsV2Async_StartAfter_ReturnsOnlyLaterKeys(string name)
    {
        var (s3, bucket) = await fixture.SeedAsync(name);

        var response = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, StartAfter = "backups/daily-2/velero-backup.json" })
            .DefaultTimeout();

        response.S3Objects.Select(o => o.Key).ShouldBe(VeleroKeys[5..]);
    }

    [Fact]
    public async Task SeededBucket_BothServers_SameListingsAndBytes()
    {
        var (ours, ourBucket) = await fixture.SeedAsync(S3ContractFixture.Sandbox);
        var (theirs, theirBucket) = await fixture.SeedAsync(S3ContractFixture.S3rver);

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
}
