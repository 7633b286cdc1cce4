using System.Collections.Concurrent;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Kubernetes;

/// <summary>One cached client per registered cluster. Callers never dispose what they get.</summary>
public interface IKubernetesClientFactory
{
    /// <summary>The cluster's client, built from its decrypted kubeconfig on first use.</summary>
    Task<k8s.Kubernetes> GetAsync(int clusterId, CancellationToken cancellationToken);

    /// <summary>A client for credentials that are not saved yet (test connection); the caller disposes it.</summary>
    k8s.Kubernetes Create(NormalisedKubeconfig kubeconfig);

    /// <summary>Forgets the cached client after a credential change or removal.</summary>
    void Invalidate(int clusterId);
}

internal sealed class KubernetesClientFactory(
    IDbContextFactory<AppDbContext> dbFactory,
    ISecretProtector secrets,
    IOptions<ClustersOptions> options) : IKubernetesClientFactory, IDisposable
{
    public const string SecretPurpose = "cluster-credentials";

    private readonly ConcurrentDictionary<int, Lazy<Task<k8s.Kubernetes>>> _clients = new();

    public Task<k8s.Kubernetes> GetAsync(int clusterId, CancellationToken cancellationToken)
    {
        var lazy = _clients.GetOrAdd(clusterId, id => new Lazy<Task<k8s.Kubernetes>>(() => BuildAsync(id)));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            // A failed build (deleted row, lost key ring) is not cached.
            _clients.TryRemove(new KeyValuePair<int, Lazy<Task<k8s.Kubernetes>>>(clusterId, lazy));
        }
        return task.WaitAsync(cancellationToken);
    }

    public k8s.Kubernetes Create(NormalisedKubeconfig kubeconfig) =>
        new(KubeconfigDocument.ToClientConfiguration(kubeconfig.Yaml, options.Value.Timeout));

    public void Invalidate(int clusterId)
    {
        // Not disposed here: a request in flight may still use it; the GC collects it.
        _clients.TryRemove(clusterId, out _);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully))
        {
            client.Value.Result.Dispose();
        }
    }

    private async Task<k8s.Kubernetes> BuildAsync(int clusterId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var stored = await db.Clusters.AsNoTracking().Where(c => c.Id == clusterId).Select(c => c.ProtectedKubeconfig).FirstOrDefaultAsync()
            ?? throw new NotFoundException($"There is no cluster with id {clusterId}.");
        var yaml = secrets.Unprotect(SecretPurpose, stored);
        return new k8s.Kubernetes(KubeconfigDocument.ToClientConfiguration(yaml, options.Value.Timeout));
    }
}
