using Amazon.S3;
using DataProtection.Sandbox.ObjectStore;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>One real <see cref="S3Server"/> on a loopback port with generated credentials, shared by a test class.</summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "dp-s3-tests", Guid.NewGuid().ToString("N"));

    public S3Server Server { get; private set; } = null!;

    public AmazonS3Client Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await S3Server.StartAsync(new S3ServerOptions(DataDirectory)).WaitAsync(TimeSpan.FromSeconds(30));
        Client = S3TestClients.Create(Server.Endpoint, Server.AccessKey, Server.SecretKey, Server.Region);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Directory.Delete(DataDirectory, recursive: true);
    }
}
