using Amazon.S3;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>An S3 endpoint under contract test, with the one client setting it needs.</summary>
/// <param name="ChunkEncoding">False for s3rver 3.7.1, which stores aws-chunked framing inside objects (shared/STACK.md).</param>
public sealed record S3Target(string Name, IAmazonS3 Client, bool ChunkEncoding);

/// <summary>Both S3 implementations side by side: the sandbox's and npm s3rver 3.7.1.</summary>
public sealed class S3ContractFixture : IAsyncLifetime
{
    public const string Sandbox = "sandbox";
    public const string S3rver = "s3rver";

    private readonly S3ServerFixture _sandbox = new();
    private readonly S3rverFixture _s3rver = new();

    public S3Target Target(string name) => name switch
    {
        Sandbox => new S3Target(Sandbox, _sandbox.Client, ChunkEncoding: true),
        S3rver => new S3Target(S3rver, _s3rver.Client, ChunkEncoding: false),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

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
