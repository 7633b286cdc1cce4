using System.Diagnostics;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using static DataProtection.Tests.Sandbox.ObjectStore.S3TestClients;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>The server as a host: credentials and objects survive a restart; curl's own SigV4 signing is accepted.</summary>
public class S3ServerHostTests
{
    [Fact]
    public async Task StartAsync_SameDataDirectoryTwice_KeepsCredentialsAndObjectsAndDropsUncommittedWrites()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dp-s3-tests", Guid.NewGuid().ToString("N"));
        var data = RandomBytes(300_000, seed: 5);
        string accessKey, secretKey;
        await using (var first = await S3Server.StartAsync(new S3ServerOptions(directory)).DefaultTimeout())
        {
            (accessKey, secretKey) = (first.AccessKey, first.SecretKey);
            using var s3 = Create(first.Endpoint, first.AccessKey, first.SecretKey);
            await s3.PutBucketAsync("persist").DefaultTimeout();
            await s3.PutBytesAsync("persist", "backups/b1/b1.tar.gz", data).DefaultTimeout();
        }

        var leftover = Path.Combine(directory, "tmp", "interrupted-upload");
        await File.WriteAllBytesAsync(leftover, data).DefaultTimeout();

        await using (var second = await S3Server.StartAsync(new S3ServerOptions(directory)).DefaultTimeout())
        {
            using var s3 = Create(second.Endpoint, second.AccessKey, second.SecretKey);
            var stored = await s3.GetBytesAsync("persist", "backups/b1/b1.tar.gz").DefaultTimeout();

            second.AccessKey.ShouldBe(accessKey);
            second.SecretKey.ShouldBe(secretKey);
            accessKey.Length.ShouldBe(20);
            secretKey.Length.ShouldBe(40);
            Sha256(stored).ShouldBe(Sha256(data));
            File.Exists(leftover).ShouldBeFalse();
        }
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task StartAsync_GivenCredentialsAndRegion_UsesThem()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dp-s3-tests", Guid.NewGuid().ToString("N"));
        await using (var server = await S3Server.StartAsync(new S3ServerOptions(directory, AccessKey: "velero", SecretKey: "velero-secret", Region: "minio"))
            .DefaultTimeout())
        {
            using var s3 = Create(server.Endpoint, "velero", "velero-secret", "minio");
            await s3.PutBucketAsync("given").DefaultTimeout();

            server.Endpoint.Host.ShouldBe("127.0.0.1");
            (await s3.ListBucketsAsync().DefaultTimeout()).Buckets.ShouldNotBeNull().Select(b => b.BucketName).ShouldBe(["given"]);
        }
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Curl_AwsSigV4PutThenGet_StoresAndReturnsExactBytes()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dp-s3-tests", Guid.NewGuid().ToString("N"));
        await using (var server = await S3Server.StartAsync(new S3ServerOptions(directory)).DefaultTimeout())
        {
            using var s3 = Create(server.Endpoint, server.AccessKey, server.SecretKey);
            await s3.PutBucketAsync("curl").DefaultTimeout();
            var data = RandomBytes(123_456, seed: 9);
            var upload = Path.Combine(directory, "upload.bin");
            var download = Path.Combine(directory, "download.bin");
            await File.WriteAllBytesAsync(upload, data).DefaultTimeout();
            var url = new Uri(server.Endpoint, "/curl/from%20curl/file.bin").AbsoluteUri;

            var put = await CurlAsync(server, "-X", "PUT", "-H", "Content-Type: application/octet-stream", "--data-binary", "@" + upload, url);
            var get = await CurlAsync(server, "-o", download, url);
            var stored = await s3.GetBytesAsync("curl", "from curl/file.bin").DefaultTimeout();

            put.ShouldBe(0);
            get.ShouldBe(0);
            Sha256(await File.ReadAllBytesAsync(download).DefaultTimeout()).ShouldBe(Sha256(data));
            Sha256(stored).ShouldBe(Sha256(data));
        }
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Curl_WrongSecret_FailsWith403()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dp-s3-tests", Guid.NewGuid().ToString("N"));
        await using (var server = await S3Server.StartAsync(new S3ServerOptions(directory, AccessKey: "ak", SecretKey: "right")).DefaultTimeout())
        {
            var exit = await CurlAsync(server, "--user", "ak:wrong", new Uri(server.Endpoint, "/").AbsoluteUri);

            exit.ShouldBe(22);
        }
        Directory.Delete(directory, recursive: true);
    }

    private static async Task<int> CurlAsync(S3Server server, params string[] args)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-sS", "--fail", "--aws-sigv4", $"aws:amz:{server.Region}:s3", "--user", $"{server.AccessKey}:{server.SecretKey}", .. args])
        {
            start.ArgumentList.Add(arg);
        }
        using var curl = Process.Start(start)!;
        var output = curl.StandardOutput.ReadToEndAsync();
        var error = curl.StandardError.ReadToEndAsync();
        await curl.WaitForExitAsync().DefaultTimeout();
        await Task.WhenAll(output, error).DefaultTimeout();
        return curl.ExitCode;
    }
}
