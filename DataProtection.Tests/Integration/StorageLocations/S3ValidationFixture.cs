using Amazon.S3;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.StorageLocations;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.ObjectStore;

namespace DataProtection.Tests.Integration.StorageLocations;

/// <summary>The app plus both S3 implementations: the sandbox's endpoint and npm s3rver 3.7.1.</summary>
public sealed class S3ValidationFixture : IAsyncLifetime
{
    public const string SandboxS3 = "sandbox";
    public const string S3rverS3 = "s3rver";
    public static readonly Actor Admin = new("admin", Roles.Admin, AuditSource.UI);

    private readonly S3ServerFixture _sandbox = new();
    private readonly S3rverFixture _s3rver = new();

    private readonly string _tlsDirectory = Path.Combine(Path.GetTempPath(), "dp-storage-tls-" + Guid.NewGuid().ToString("N"));

    /// <summary>An HTTPS server with a private CA (the sandbox API server): TLS trust is tested against it.</summary>
    public DataProtection.Sandbox.SandboxServer Tls { get; private set; } = null!;

    public AppFactory App { get; } = new(new Dictionary<string, string?> { ["Storage:TimeoutSeconds"] = "3" });

    public (Uri Endpoint, string AccessKey, string SecretKey, IAmazonS3 Client) Target(string name) => name == SandboxS3
        ? (_sandbox.Server.Endpoint, _sandbox.Server.AccessKey, _sandbox.Server.SecretKey, _sandbox.Client)
        : (_s3rver.Endpoint, S3rverFixture.Credential, S3rverFixture.Credential, _s3rver.Client);

    public async Task<string> NewBucketAsync(string target)
    {
        var bucket = S3TestClients.UniqueBucket("storage");
        await Target(target).Client.PutBucketAsync(bucket).DefaultTimeout();
        return bucket;
    }

    public StorageLocationInput Input(string target, string bucket, string? name = null, string? prefix = "cluster-a", string? accessKey = null, string? secretKey = null)
    {
        var t = Target(target);
        return new StorageLocationInput(name ?? $"loc-{Guid.NewGuid().ToString("N")[..8]}", "test", t.Endpoint.ToString(), "us-east-1", bucket, prefix,
            AccessKey: accessKey ?? t.AccessKey, SecretKey: secretKey ?? t.SecretKey);
    }

    public async Task InitializeAsync()
    {
        await _sandbox.InitializeAsync();
        await _s3rver.InitializeAsync();
        Tls = await DataProtection.Sandbox.SandboxServer.StartAsync(new DataProtection.Sandbox.SandboxServerOptions(_tlsDirectory)).DefaultTimeout();
        _ = App.Services;
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Tls.DisposeAsync();
        await _s3rver.DisposeAsync();
        await _sandbox.DisposeAsync();
    }
}
