using Amazon.S3;
using Amazon.S3.Model;
using DataProtection.Tests.Infrastructure;
using static DataProtection.Tests.Sandbox.ObjectStore.S3TestClients;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>Parallel writers: every object lands whole, and racing overwrites leave exactly one writer's bytes with its own ETag.</summary>
public class S3ServerConcurrencyTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>, IAsyncLifetime
{
    private readonly IAmazonS3 _s3 = fixture.Client;
    private readonly string _bucket = UniqueBucket("parallel");

    public Task InitializeAsync() => _s3.PutBucketAsync(_bucket).DefaultTimeout();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PutObjectAsync_TwentyKeysInParallel_AllListedWithExactBytes()
    {
        var objects = Enumerable.Range(0, 20).ToDictionary(i => $"backups/p{i:D2}/p{i:D2}.tar.gz", i => RandomBytes(50_000 + i * 997, seed: 100 + i));

        await Task.WhenAll(objects.Select(o => _s3.PutBytesAsync(_bucket, o.Key, o.Value))).DefaultTimeout(60);
        var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = "backups/" }).DefaultTimeout();

        listing.S3Objects.Select(o => o.Key).ShouldBe(objects.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, data) in objects)
        {
            listing.S3Objects.Single(o => o.Key == key).ETag.ShouldBe(Md5ETag(data));
            Sha256(await _s3.GetBytesAsync(_bucket, key).DefaultTimeout()).ShouldBe(Sha256(data), key);
        }
    }

    [Fact]
    public async Task PutObjectAsync_RacingOverwritesOfOneKey_LeaveOneWritersBytesWithMatchingETag()
    {
        var versions = Enumerable.Range(0, 8).Select(i => RandomBytes(200_000 + i, seed: 200 + i)).ToList();

        await Task.WhenAll(versions.Select(v => _s3.PutBytesAsync(_bucket, "contended.bin", v))).DefaultTimeout(60);
        using var response = await _s3.GetObjectAsync(_bucket, "contended.bin").DefaultTimeout();
        var stored = await response.ReadAllAsync().DefaultTimeout();

        var winner = versions.SingleOrDefault(v => Sha256(v) == Sha256(stored)).ShouldNotBeNull();
        response.ETag.ShouldBe(Md5ETag(winner));
        Directory.GetFiles(Path.Combine(fixture.DataDirectory, "buckets", _bucket, "objects"), "*.data").Length.ShouldBe(1);
    }
}
