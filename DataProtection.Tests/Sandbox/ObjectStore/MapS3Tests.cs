using System.Net;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static DataProtection.Tests.Sandbox.ObjectStore.S3TestClients;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>The same handlers mapped into another app beside its own routes, as the sandbox host will do.</summary>
public class MapS3Tests
{
    [Fact]
    public async Task MapS3_BesideOtherRoutes_ServesS3AndLeavesOtherRoutesAlone()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dp-s3-tests", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/healthz", () => Results.Ok("healthy"));
        app.MapS3(new S3Store(directory), new S3Credentials("host-key", "host-secret", "us-east-1"));
        await app.StartAsync().DefaultTimeout();
        var endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var s3 = Create(endpoint, "host-key", "host-secret");
        using var http = new HttpClient();
        var data = RandomBytes(90_000, seed: 4);

        await s3.PutBucketAsync("mapped").DefaultTimeout();
        await s3.PutBytesAsync("mapped", "dir/object.bin", data).DefaultTimeout();
        var stored = await s3.GetBytesAsync("mapped", "dir/object.bin").DefaultTimeout();
        using var health = await http.GetAsync(new Uri(endpoint, "/healthz")).DefaultTimeout();

        Sha256(stored).ShouldBe(Sha256(data));
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.StopAsync().DefaultTimeout();
        Directory.Delete(directory, recursive: true);
    }
}
