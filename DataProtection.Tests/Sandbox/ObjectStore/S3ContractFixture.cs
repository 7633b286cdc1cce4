using Amazon.S3;
using static DataProtection.Tests.Sandbox.ObjectStore.S3TestClients;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>An S3 endpoint under contract test, with the one client setting it needs.</summary>
/// <param name="ChunkEncoding">False for s3rver 3.7.1, which stores aws-chunked framing inside objects (shared/STACK.md).</param>
public sealed record S3Target(string Name, IAmazonS3 Client, bool ChunkEncoding);

[CollectionDefinition(Name)]
public sealed class S3ContractCollection : ICollectionFixture<S3ContractFixture>
{
    public const string Name = "S3 contract";
}

/// <summary>Both S3 implementations side by side: the sandbox's and npm s3rver 3.7.1, each seeded the same way.</summary>
public sealed class S3ContractFixture : IAsyncLifetime
{
    public const string Sandbox = "sandbox";
    public const string S3rver = "s3rver";

    /// <summary>A bucket laid out as Velero lays one out (shared/velero/FORMAT.md §1), plus a loose top-level object.</summary>
    public static readonly string[] VeleroKeys =
    [
        "backups/daily-1/daily-1-logs.gz", "backups/daily-1/daily-1.tar.gz", "backups/daily-1/velero-backup.json",
        "backups/daily-2/daily-2.tar.gz", "backups/daily-2/velero-backup.json", "kopia/shop/kopia.repository",
        "restores/r1/restore-r1-logs.gz", "top.txt",
    ];

    private readonly S3ServerFixture _sandbox = new();
    private readonly S3rverFixture _s3rver = new();

    public S3Target Target(string name) => name switch
    {
        Sandbox => new S3Target(Sandbox, _sandbox.Client, ChunkEncoding: true),
        S3rver => new S3Target(S3rver, _s3rver.Client, ChunkEncoding: false),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>The value S3 specifies, or the different one s3rver 3.7.1 was observed to give.</summary>
    public static T S3rverDeviates<T>(string name, T s3, T s3rver) => name == S3rver ? s3rver : s3;

    public static byte[] Content(string key) =>
        RandomBytes(key.EndsWith(".tar.gz", StringComparison.Ordinal) ? 250_000 + key.Length : 100 + key.Length * 7, key.Sum(c => c));

    public async Task<(IAmazonS3 S3, string Bucket)> SeedAsync(string name)
    {
        var target = Target(name);
        var bucket = await NewBucketAsync(target.Client);
        foreach (var key in VeleroKeys)
        {
            await target.Client.PutBytesAsync(bucket, key, Content(key), target.ChunkEncoding).WaitAsync(TimeSpan.FromSeconds(30));
        }
        return (target.Client, bucket);
    }

    public static async Task<string> NewBucketAsync(IAmazonS3 s3)
    {
        var bucket = UniqueBucket("contract");
        await s3.PutBucketAsync(bucket).WaitAsync(TimeSpan.FromSeconds(30));
        return bucket;
    }

    public async Task InitializeAsync()
    {
        await _sandbox.InitializeAsync();
        await _s3rver.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _s3rver.DisposeAsync();
        await _sandbox.DisposeAsync();
    }
}
