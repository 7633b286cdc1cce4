using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.ObjectStore;

/// <summary>The sandbox's S3-compatible endpoint: plain HTTP on loopback, path-style, SigV4, file-backed under the data directory.</summary>
public sealed class S3Server : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly S3Credentials _credentials;
    private readonly TimeProvider _time;

    private S3Server(WebApplication app, Uri endpoint, S3Credentials credentials, S3Store store, TimeProvider time)
    {
        _app = app;
        _credentials = credentials;
        _time = time;
        Endpoint = endpoint;
        Store = store;
    }

    public Uri Endpoint { get; }

    public string AccessKey => _credentials.AccessKey;

    public string SecretKey => _credentials.SecretKey;

    public string Region => _credentials.Region;

    public S3Store Store { get; }

    public static Task<S3Server> StartAsync(S3ServerOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, TimeProvider.System, cancellationToken);

    internal static async Task<S3Server> StartAsync(S3ServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var credentials = CredentialsFile.Resolve(options);
        var store = new S3Store(options.DataDirectory);
        // An empty builder: the embedding process's appsettings, URLs and environment variables must not reconfigure this endpoint.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var endpoint = new S3Endpoint(store, credentials, time, app.Services.GetRequiredService<ILogger<S3Endpoint>>());
        app.Run(endpoint.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new S3Server(app, new Uri($"http://127.0.0.1:{new Uri(address).Port}"), credentials, store, time);
    }

    /// <summary>A SigV4 query-string URL for GET, as Velero's DownloadRequests hand out.</summary>
    public string PresignGetUrl(string bucket, string key, TimeSpan expiry) =>
        Presigner.PresignUrl(Endpoint, _credentials, "GET", bucket, key, expiry, _time.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
