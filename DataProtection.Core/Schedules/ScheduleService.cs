using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;
using k8s;
using k8s.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Schedules;

/// <summary>
/// Velero Schedules across the clusters with data protection: read live from each cluster (paged), with the last backup's
/// phase from the backup history; pause and resume patch <c>spec.paused</c> (Operator, audited).
/// </summary>
public sealed partial class ScheduleService
{
    public const string PauseAction = "schedule.pause";
    public const string ResumeAction = "schedule.resume";

    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly IKubernetesClientFactory _clients;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly Backups.ResourceSubmitter _submitter;
    private readonly string _namespace;

    internal ScheduleService(IDbContextFactory<AppDbContext> dbFactory, IKubernetesClientFactory clients, IAuditLog audit, TimeProvider time,
        Backups.ResourceSubmitter submitter, IOptions<ClustersOptions> clusterOptions)
    {
        (_dbFactory, _clients, _audit, _time, _submitter, _namespace) = (dbFactory, clients, audit, time, submitter, clusterOptions.Value.VeleroNamespace);
    }

    public async Task<ScheduleList> ListSchedulesAsync(Actor actor, string? cluster, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        // A handful of rows: filtered here, as EF cannot translate filters on the projected record.
        var clusters = (await ProtectionStateStore.ProtectedClusters(db).ToListAsync(cancellationToken))
            .Where(c => cluster == null || c.Name == cluster).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var items = new List<ScheduleSummary>();
        var unreachable = new List<ClusterProblem>();
        foreach (var c in clusters)
        {
            try
            {
                var client = await _clients.GetAsync(c.Id, cancellationToken);
                var lastBackups = await db.BackupRecords.AsNoTracking().Where(b => b.ClusterId == c.Id && b.Schedule != null)
                    .GroupBy(b => b.Schedule!).Select(g => g.OrderByDescending(b => b.CreatedUtc).First()).ToListAsync(cancellationToken);
                foreach (var schedule in await client.ListAllAsync($"apis/velero.io/v1/namespaces/{_namespace}/schedules", cancellationToken))
                {
                    items.Add(ScheduleReader.Summary(c.Name, schedule, lastBackups.FirstOrDefault(b => b.Schedule == ScheduleReader.Name(schedule))));
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or KubernetesApiException or k8s.Autorest.HttpOperationException or TaskCanceledException
                && !cancellationToken.IsCancellationRequested)
            {
                unreachable.Add(new ClusterProblem(c.Name, ex.Message));
            }
        }
        return new ScheduleList(items, unreachable);
    }

    public Task<ScheduleSummary> SetPausedAsync(Actor actor, string cluster, string name, bool paused, CancellationToken cancellationToken) =>
        _audit.RunAsync(actor, paused ? PauseAction : ResumeAction, async scope =>
        {
            scope.Target = new AuditTarget(Cluster: ClusterService.ForAudit(cluster), Kind: "Schedule", Name: ClusterService.ForAudit(name));
            actor.Require(Roles.Operator);
            var found = await ClusterService.FindAsync(scope.Db, cluster, scope.CancellationToken);
            var client = await _clients.GetAsync(found.Id, scope.CancellationToken);
            var patch = new V1Patch(new { spec = new { paused } }, V1Patch.PatchType.MergePatch);
            try
            {
                var result = await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, "velero.io", "v1", _namespace, "schedules", name,
                    cancellationToken: scope.CancellationToken);
                return ScheduleReader.Summary(found.Name, JsonNode.Parse(KubernetesJson.Serialize(result))!.AsObject(), null);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                throw new NotFoundException($"There is no schedule {ClusterService.ForAudit(name)} on {found.Name}.");
            }
        }, cancellationToken);
}
