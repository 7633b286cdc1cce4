using System.Collections.Concurrent;
using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Protection;

/// <summary>The work of one run, prepared once its input has been checked; it returns the installer to read results from (null for disable).</summary>
internal delegate Task<VeleroInstaller?> ProtectionWork(StepTracker steps, CancellationToken cancellationToken);

/// <summary>
/// Starts a change under an audit row (role, cluster and input checked, nothing written to the cluster yet), runs its steps
/// outside the audit writer's lock, records the outcome, and adds a Failed row when a step fails. One change per cluster at a time.
/// </summary>
internal sealed class ProtectionRunner(IAuditLog audit, IKubernetesClientFactory clients, ProtectionStateStore store, TimeProvider time)
{
    private readonly ConcurrentDictionary<int, bool> _running = new();

    public bool IsRunning(int clusterId) => _running.ContainsKey(clusterId);

    public async Task<ProtectionRun> RunAsync(Actor actor, string cluster, string action, string[] stepNames,
        Func<AuditScope, ProtectionState, k8s.Kubernetes, Task<ProtectionWork>> prepare,
        Action<ProtectionState, ProtectionRun, VeleroInstaller?> record,
        IProgress<IReadOnlyList<ProtectionStep>>? progress, CancellationToken cancellationToken)
    {
        var (clusterId, work) = await StartAsync(actor, cluster, action, prepare, cancellationToken);
        try
        {
            var steps = new StepTracker(stepNames, progress);
            ProtectionRun run;
            VeleroInstaller? installer = null;
            try
            {
                installer = await work(steps, cancellationToken);
                run = steps.Succeeded();
            }
            catch (Exception ex)
            {
                run = steps.Failed(ex);
            }
            await store.UpdateAsync(clusterId, state =>
            {
                record(state, run, installer);
                state.LastSteps = ProtectionStateStore.Serialize(run.Steps);
                state.LastError = run.Error;
                state.LastCheckedUtc = time.GetUtcNow().UtcDateTime;
            });
            if (!run.Succeeded)
            {
                await audit.WriteAsync(actor, action, Target(cluster), AuditOutcome.Failed, run.Error, CancellationToken.None);
            }
            return run;
        }
        finally
        {
            _running.TryRemove(clusterId, out _);
        }
    }

    private Task<(int ClusterId, ProtectionWork Work)> StartAsync(Actor actor, string cluster, string action,
        Func<AuditScope, ProtectionState, k8s.Kubernetes, Task<ProtectionWork>> prepare, CancellationToken cancellationToken) =>
        audit.RunAsync(actor, action, async scope =>
        {
            scope.Target = Target(cluster);
            actor.Require(Roles.Admin);
            var row = await ClusterService.FindAsync(scope.Db, cluster, scope.CancellationToken);
            if (!row.Enabled)
            {
                throw new ConflictException($"The cluster {row.Name} is disabled in the dashboard; enable it first.");
            }
            if (!_running.TryAdd(row.Id, true))
            {
                throw new ConflictException($"A data protection change is already running on {row.Name}; wait for it to finish.");
            }
            try
            {
                var state = await ProtectionStateStore.GetOrAddAsync(scope.Db, row, scope.CancellationToken);
                var client = await clients.GetAsync(row.Id, scope.CancellationToken);
                var work = await prepare(scope, state, client);
                state.Status = ProtectionStatus.Installing;
                state.LastError = null;
                state.UpdatedUtc = time.GetUtcNow().UtcDateTime;
                await scope.Db.SaveChangesAsync(scope.CancellationToken);
                return (row.Id, work);
            }
            catch (Exception ex) when (ex is HttpRequestException or KubernetesApiException or TimeoutException)
            {
                _running.TryRemove(row.Id, out _);
                throw new ClusterUnavailableException($"{row.Name} could not be read, so nothing was changed: {ex.Message}", ex);
            }
            catch
            {
                _running.TryRemove(row.Id, out _);
                throw;
            }
        }, cancellationToken);

    public static AuditTarget Target(string cluster) =>
        new(Cluster: ClusterService.ForAudit(cluster), Kind: "DataProtection", Name: ClusterService.ForAudit(cluster));
}
