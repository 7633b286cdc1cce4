using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.StorageLocations;
using DataProtection.Sandbox;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Sandbox.Velero;
using Microsoft.Extensions.Options;

namespace DataProtection.Web.Features.Sandbox;

/// <summary>
/// Starts the sandbox clusters and registers them as <c>sandbox</c> and <c>sandbox-dr</c>. The dashboard then reaches them
/// only over HTTPS through their kubeconfig, exactly as it reaches a real cluster.
/// </summary>
internal sealed class SandboxHostedService(
    IOptions<SandboxHostOptions> options,
    IHostEnvironment environment,
    DataPaths paths,
    ClusterService clusters,
    SandboxManagedStorageDefaults managedStorage,
    StorageLocationService storageLocations,
    ILogger<SandboxHostedService> logger) : IHostedService, IAsyncDisposable
{
    private SandboxServer? _server;
    private S3Server? _s3;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!(options.Value.Enabled ?? environment.IsDevelopment()))
        {
            return;
        }

        var directory = Path.Combine(paths.Root, options.Value.Directory);
        _s3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(directory, "s3")), cancellationToken);
        managedStorage.Use(_s3);
        _server = await SandboxServer.StartAsync(new SandboxServerOptions(directory, options.Value.Port) { Velero = new VeleroOptions() }, cancellationToken);
        var registered = await clusters.ListClustersAsync(Actor.System, cancellationToken);
        foreach (var cluster in _server.Clusters)
        {
            await RegisterAsync(cluster, registered.FirstOrDefault(c => c.Name == cluster.Name), cancellationToken);
        }
        // The sandbox's S3 port changes at each start: managed BSLs written before must follow it.
        foreach (var failure in await storageLocations.ReapplyManagedLocationsAsync(Actor.System, cancellationToken))
        {
            logger.LogWarning("Managed storage could not be updated in {Failure}", failure);
        }
        logger.LogInformation("Sandbox clusters {Clusters} are running; kubeconfig for kubectl: {Kubeconfig}; S3 endpoint {S3Endpoint}",
            string.Join(", ", _server.Clusters.Select(c => c.Name)), _server.KubeconfigPath, _s3.Endpoint);
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        // The host stops the service and then disposes it: only the first call stops the servers; the clusters (and their Velero) before S3.
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.DisposeAsync();
        }
        if (Interlocked.Exchange(ref _s3, null) is { } s3)
        {
            managedStorage.Clear();
            await s3.DisposeAsync();
        }
    }

    /// <summary>Registers a sandbox cluster once; later starts only refresh its credentials when its address changed.</summary>
    private async Task RegisterAsync(SandboxCluster cluster, ClusterSummary? existing, CancellationToken cancellationToken)
    {
        var credentials = new ClusterCredentials(Kubeconfig: cluster.KubeconfigYaml, Context: cluster.Name);
        if (existing is null)
        {
            await clusters.RegisterClusterAsync(Actor.System, new RegisterClusterRequest(cluster.Name, "Sandbox cluster, hosted by this dashboard", credentials), cancellationToken);
        }
        else if (existing.Server != cluster.Server)
        {
            await clusters.UpdateClusterAsync(Actor.System, cluster.Name, new ClusterChanges(Credentials: credentials), cancellationToken);
        }
    }
}
