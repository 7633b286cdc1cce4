using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Util;
using DataProtection.Tests.Infrastructure;
using static DataProtection.Tests.Sandbox.ObjectStore.S3TestClients;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>Bucket operations through AWSSDK.S3 4.1.0 against the real server.</summary>
public class S3ServerBucketTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    private readonly IAmazonS3 _s3 = fixture.Client;

    [Fact]
    public async Task ListBucketsAsync_AfterPutBucket_ContainsIt()
    {
        var bucket = UniqueBucket("list");
        await _s3.PutBucketAsync(bucket).DefaultTimeout();

        var response = await _s3.ListBucketsAsync().DefaultTimeout();

        response.Buckets.ShouldNotBeNull().Select(b => b.BucketName).ShouldContain(bucket);
    }

    [Fact]
    public async Task PutBucketAsync_Existing_ThrowsBucketAlreadyOwnedByYou()
    {
        var bucket = UniqueBucket("twice");
        await _s3.PutBucketAsync(bucket).DefaultTimeout();

        var error = await Should.ThrowAsync<AmazonS3Exception>(_s3.PutBucketAsync(bucket).DefaultTimeout());

        error.ErrorCode.ShouldBe("BucketAlreadyOwnedByYou");
        error.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task PutBucketAsync_InvalidName_ThrowsInvalidBucketName()
    {
        var error = await Should.ThrowAsync<AmazonS3Exception>(_s3.PutBucketAsync("Bad_Name").DefaultTimeout());

        error.ErrorCode.ShouldBe("InvalidBucketName");
    }

    [Fact]
    public async Task DoesS3BucketExistV2Async_ExistingAndMissing_TrueAndFalse()
    {
        var bucket = UniqueBucket("head");
        await _s3.PutBucketAsync(bucket).DefaultTimeout();

        (await AmazonS3Util.DoesS3BucketExistV2Async(_s3, bucket).DefaultTimeout()).ShouldBeTrue();
        (await AmazonS3Util.DoesS3BucketExistV2Async(_s3, UniqueBucket("missing")).DefaultTimeout()).ShouldBeFalse();
    }

    [Fact]
    public async Task HeadBucketAsync_Missing_ThrowsNotFoundWithoutBody()
    {
        var error = await Should.ThrowAsync<AmazonS3Exception>(_s3.HeadBucketAsync(new HeadBucketRequest { BucketName = UniqueBucket("nohead") }).DefaultTimeout());

        error.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        error.ErrorCode.ShouldBe("NotFound");
    }

    [Fact]
    public async Task DeleteBucketAsync_WithObject_ThrowsBucketNotEmptyThenSucceedsWhenEmptied()
    {
        var bucket = UniqueBucket("del");
        await _s3.PutBucketAsync(bucket).DefaultTimeout();
        await _s3.PutBytesAsync(bucket, "k", [1, 2, 3]).DefaultTimeout();

        var error = await Should.ThrowAsync<AmazonS3Exception>(_s3.DeleteBucketAsync(bucket).DefaultTimeout());
        await _s3.DeleteObjectAsync(bucket, "k").DefaultTimeout();
        var deleted = await _s3.DeleteBucketAsync(bucket).DefaultTimeout();

        error.ErrorCode.ShouldBe("BucketNotEmpty");
        error.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        deleted.HttpStatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await AmazonS3Util.DoesS3BucketExistV2Async(_s3, bucket).DefaultTimeout()).ShouldBeFalse();
    }

    [Fact]
    public async Task DeleteBucketAsync_Missing_ThrowsNoSuchBucket()
    {
        var error = await Should.ThrowAsync<AmazonS3Exception>(_s3.DeleteBucketAsync(UniqueBucket("gone")).DefaultTimeout());

        error.ErrorCode.ShouldBe("NoSuchBucket");
        error.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListObjectsV2Async_EmptyBucket_ReturnsNullsAndNotTruncated()
    {
        var bucket = UniqueBucket("empty");
        await _s3.PutBucketAsync(bucket).DefaultTimeout();

        var response = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }).DefaultTimeout();

        response.S3Objects.ShouldBeNull();
        response.KeyCount.ShouldBe(0);
        response.IsTruncated.ShouldBe(false);
    }

    [Fact]
    public async Task ListObjectsV2Async_PaginatorOverManyPages_ReturnsEveryKeyOnceInOrder()
    {
        var bucket = UniqueBucket("pages");
        await _s3.PutBucketAsync(bucket).DefaultTimeout();
        var keys = Enumerable.Range(0, 23).Select(i => $"backups/b{i:D2}/velero-backup.json").ToList();
        foreach (var key in keys)
        {
            await _s3.PutBytesAsync(bucket, key, [(byte)key.Length]).DefaultTimeout();
        }

        var listed = new List<string>();
        var pages = 0;
        await foreach (var page in _s3.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 5 }).Responses)
        {
            pages++;
            listed.AddRange(page.S3Objects.Select(o => o.Key));
        }

        listed.ShouldBe(keys);
        pages.ShouldBe(5);
    }

    [Fact]
    public async Task ListObjectsAsync_VersionOneWithDelimiter_ReturnsPrefixesAndKeys()
    {
        var bucket = UniqueBucket("v1");
        await _s3.PutBucketAsync(bucket).DefaultTimeout();
        await _s3.PutBytesAsync(bucket, "a/1", [1]).DefaultTimeout();
        await _s3.PutBytesAsync(bucket, "b", [2]).DefaultTimeout();

        var response = await _s3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Delimiter = "/" }).DefaultTimeout();

        response.CommonPrefixes.ShouldBe(["a/"]);
        response.S3Objects.Select(o => o.Key).ShouldBe(["b"]);
    }
}
