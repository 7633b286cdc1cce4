using DataProtection.Core.Kubernetes;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Protection;

/// <summary>Checks Velero on a cluster now: deployment present, a ServerStatusRequest answered, the default location's phase.</summary>
internal sealed class ProtectionStatusChecker(
    IKubernetesClientFactory clients,
    ProtectionStateStore store,
    ProtectionRunner runner,
    IOptions<Clusters.ClustersOptions> clusterOptions,
    IOptions<ProtectionOptions> options,
    TimeProvider time)
{
    public async Task<ProtectionSummary> CheckAsync(string cluster, CancellationToken cancellationToken)
    {
        var clusterId = await store.FindClusterIdAsync(cluster, cancellationToken);
        if (runner.IsRunning(clusterId))
        {
            return await store.ReadAsync(cluster, cancellationToken);
        }
        var probe = new VeleroProbe(await clients.GetAsync(clusterId, cancellationToken), clusterOptions.Value.VeleroNamespace, options.Value.PollInterval);
        ProtectionStatus status;
        string? version = null, phase = null, error = null, image = null;
        bool? foreign = null;
        try
        {
            var deployment = await probe.GetDeploymentAsync(cancellationToken);
            if (deployment is null)
            {
                status = ProtectionStatus.NotInstalled;
            }
            else
            {
                foreign = !VeleroProbe.IsOurs(deployment);
                image = VeleroVersions.TagOf(VeleroProbe.ImageOf(deployment));
                version = await probe.ServerVersionAsync(TimeSpan.FromSeconds(options.Value.StatusTimeoutSeconds), cancellationToken);
                var locations = await probe.ListAsync($"{probe.VeleroPath}/backupstoragelocations", cancellationToken);
                var location = locations.FirstOrDefault(l => (bool?)l["spec"]?["default"] == true) ?? locations.FirstOrDefault();
                phase = (string?)location?["status"]?["phase"];
                status = phase is null or "Available" ? ProtectionStatus.Ready : ProtectionStatus.Error;
                error = status == ProtectionStatus.Error ? $"The storage location is {phase}: {(string?)location?["status"]?["message"]}" : null;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            (status, error) = (ProtectionStatus.Error, ex.Message);
        }
        return await store.UpdateAsync(clusterId, state =>
        {
            state.Status = status;
            state.ServerVersion = version ?? (status == ProtectionStatus.NotInstalled ? null : state.ServerVersion);
            state.StoragePhase = phase;
            state.InstalledVersion = image ?? (status == ProtectionStatus.NotInstalled ? null : state.InstalledVersion);
            state.Adopted = foreign ?? false;
            state.LastError = error;
            state.LastCheckedUtc = time.GetUtcNow().UtcDateTime;
        });
    }
}
