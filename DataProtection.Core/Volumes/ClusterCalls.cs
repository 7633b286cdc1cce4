using System.Net;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Kubernetes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Volumes;

/// <summary>Finds an enabled cluster, hands its client to the work, and turns transport failures into one sentence.</summary>
internal sealed class ClusterCalls(
    IDbContextFactory<AppDbContext> dbFactory,
    IKubernetesClientFactory clients,
    IOptions<ClustersOptions> options,
    ILogger<ClusterCalls> logger)
{
    public async Task<T> RunAsync<T>(Actor actor, string role, string cluster, Func<k8s.Kubernetes, CancellationToken, Task<T>> work, CancellationToken cancellationToken, string refusedField = "continue")
    {
        actor.Require(role);
        Cluster found;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            found = await ClusterService.FindAsync(db, cluster, cancellationToken);
        }
        if (!found.Enabled)
        {
            throw new ValidationException("cluster", $"Cluster {found.Name} is disabled; enable it to see its volumes.");
        }
        var client = await clients.GetAsync(found.Id, cancellationToken);
        try
        {
            return await work(client, cancellationToken);
        }
        catch (KubernetesApiException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Gone)
        {
            throw new ValidationException(refusedField, refusedField == "continue"
                ? $"The continue token was refused (it may have expired); start again from the first page. {ex.Message}"
                : ex.Message);
        }
        catch (KubernetesApiException ex) when (ex.StatusCode is HttpStatusCode.UnprocessableEntity)
        {
            throw new ValidationException(refusedField, ex.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or k8s.Autorest.HttpOperationException
            || (ex is KubernetesApiException { StatusCode: not HttpStatusCode.Conflict })
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var (_, message) = KubernetesErrors.Describe(ex, found.Server, options.Value.Timeout, fromKubeconfig: true);
            logger.LogWarning("Volume request to cluster {Cluster} failed: {Error}", found.Name, message);
            throw new ClusterUnavailableException(message, ex);
        }
    }
}
