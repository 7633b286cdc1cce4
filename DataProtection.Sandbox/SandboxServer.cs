using System.Net;
using DataProtection.Sandbox.KubeApi;
using DataProtection.Sandbox.Velero;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox;

/// <summary>
/// Kubernetes API servers for several independent clusters behind one HTTPS port on 127.0.0.1,
/// each at <c>https://127.0.0.1:PORT/clusters/{name}</c>.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Certificates _certificates;
    private readonly Dictionary<string, SandboxCluster> _byName;
    private readonly IReadOnlyList<VeleroController> _velero;

    private SandboxServer(WebApplication app, Certificates certificates, IReadOnlyList<SandboxCluster> clusters, string kubeconfigPath,
        IReadOnlyList<VeleroController> velero)
    {
        _velero = velero;
        _app = app;
        _certificates = certificates;
        Clusters = clusters;
        _byName = clusters.ToDictionary(c => c.Name);
        KubeconfigPath = kubeconfigPath;
    }

    public IReadOnlyList<SandboxCluster> Clusters { get; }

    public SandboxCluster this[string name] =>
        _byName.TryGetValue(name, out var cluster) ? cluster : throw new KeyNotFoundException($"No sandbox cluster named '{name}'.");

    public string KubeconfigPath { get; }

    public static async Task<SandboxServer> StartAsync(SandboxServerOptions options, CancellationToken cancellationToken = default)
    {
        var names = options.EffectiveClusterNames;
        if (names.Distinct().Count() != names.Count || names.Any(n => Names.Dns1123Label(n) is not null))
            throw new ArgumentException($"Cluster names must be distinct DNS labels; got: {string.Join(", ", names)}", nameof(options));
        var directory = Directory.CreateDirectory(Path.GetFullPath(options.DataDirectory)).FullName;
        var certificates = Certificates.LoadOrCreate(Directory.CreateDirectory(Path.Combine(directory, "tls")).FullName);
        var clusters = names.Select(n => SandboxCluster.Open(n, directory, certificates.CaPem, options)).ToList();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = directory, Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port, l => l.UseHttps(certificates.Server)));
        var app = builder.Build();
        var endpoint = new KubeApiEndpoint(clusters.ToDictionary(c => c.Name), app.Lifetime.ApplicationStopping);
        app.Run(endpoint.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        foreach (var cluster in clusters)
            cluster.Bind($"https://127.0.0.1:{port}/clusters/{cluster.Name}");
        var kubeconfigPath = Path.Combine(directory, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfigPath, Kubeconfig.Render(clusters.Select(c => c.Entry).ToList()), cancellationToken);
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var velero = options.Velero is { } veleroOptions ? clusters.Select(c => new VeleroController(c, veleroOptions, loggers)).ToList() : [];
        return new SandboxServer(app, certificates, clusters, kubeconfigPath, velero);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var controller in _velero)
            await controller.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var cluster in Clusters)
            await cluster.Persistence.DisposeAsync();
        _certificates.Server.Dispose();
    }
}
