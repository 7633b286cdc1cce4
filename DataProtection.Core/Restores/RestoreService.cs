using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;
using DataProtection.Core.Schedules;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Restores;

/// <summary>
/// Velero restores: created as Restore CRs after the dashboard has checked what Velero would only find out later (source
/// not restorable, target without Velero, bad mapping), audited with every parameter; read back live from each cluster.
/// </summary>
public sealed partial class RestoreService
{
    public const string CreateAction = "restore.create";

    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly IKubernetesClientFactory _clients;
    private readonly IAuditLog _audit;
    private readonly BackupDownloads _downloads;
    private readonly TimeProvider _time;
    private readonly BackupContentsService _contents;
    private readonly ResourceSubmitter _submitter;
    private readonly IBackgroundJobClient _jobs;
    private readonly string _namespace;
    private readonly StorageLocations.StorageLocationService _locations;
    private readonly RestoresOptions _options;

    internal RestoreService(IDbContextFactory<AppDbContext> dbFactory, IKubernetesClientFactory clients, IAuditLog audit, BackupDownloads downloads,
        TimeProvider time, IOptions<ClustersOptions> clusterOptions, BackupContentsService contents, ResourceSubmitter submitter, IBackgroundJobClient jobs,
        StorageLocations.StorageLocationService locations, IOptions<RestoresOptions> options)
    {
        (_dbFactory, _clients, _audit, _downloads, _time) = (dbFactory, clients, audit, downloads, time);
        (_contents, _submitter, _jobs) = (contents, submitter, jobs);
        (_locations, _options) = (locations, options.Value);
        _namespace = clusterOptions.Value.VeleroNamespace;
    }

    private string VeleroPath => $"apis/velero.io/v1/namespaces/{_namespace}";

    /// <summary>Velero's own default: <c>&lt;backup&gt;-&lt;yyyyMMddHHmmss&gt;</c>, trimmed so the restore-name label fits 63 characters.</summary>
    public static string DefaultName(RestoreRequest request, DateTime utcNow)
    {
        var source = request.BackupName ?? request.ScheduleName ?? "restore";
        var stamp = "-" + utcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return source[..Math.Min(source.Length, 63 - stamp.Length)].TrimEnd('-', '.') + stamp;
    }

    public async Task<CreatedRestore> CreateRestoreAsync(Actor actor, string cluster, string? name, RestoreRequest request, CancellationToken cancellationToken)
    {
        ItemRestoreRun? itemRun = null;
        ResourceSubmission? staged = null;
        var pickedPlan = await PlanPickedAsync(request, cluster, cancellationToken);
        // Another cluster's backup needs a location on the target first: its own audited action, so before this scope (one audit writer at a time).
        var shared = await PrepareSharedLocationAsync(actor, cluster, request, pickedPlan, cancellationToken);
        var created = await _audit.RunAsync(actor, CreateAction, async scope =>
        {
            name = string.IsNullOrWhiteSpace(name) ? DefaultName(request, _time.GetUtcNow().UtcDateTime) : name.Trim();
            scope.Target = new AuditTarget(Cluster: ClusterService.ForAudit(cluster), Kind: "Restore", Namespace: _namespace, Name: ClusterService.ForAudit(name));
            scope.Parameters = request;
            actor.Require(Roles.Operator);
            BackupTemplateRules.CheckName("name", name, 63);
            request.Validate();
            var (target, client) = await OpenProtectedAsync(scope.Db, cluster, scope.CancellationToken);
            var source = await SourceClusterAsync(scope.Db, target, request, scope.CancellationToken);
            var picked = request.Items;
            if (picked.Count > 0)
            {
                // Picked objects: Velero's filter when one selects exactly them, otherwise the dashboard restores them itself.
                var plan = pickedPlan!.Get();
                if (plan.ItemByItem)
                {
                    (var started, itemRun) = await StartItemByItemAsync(scope, actor, (target, client), source, name, request);
                    return started;
                }
                request = plan.Apply(request);
            }
            if (source.Id != target.Id)
            {
                (var submitted, staged) = await SubmitCrossClusterAsync(scope, actor, target, source, name, request, shared, picked);
                return submitted;
            }
            var restore = RestoreSpecWriter.Restore(name, _namespace, request, actor.Name);
            scope.Parameters = picked.Count == 0 ? restore["spec"]!.DeepClone() : new { spec = restore["spec"]!.DeepClone(), method = "velero-filter", items = picked };
            await CheckSourceAsync(client, request, scope.CancellationToken);
            await CheckNameFreeAsync(scope.Db, target, client, name, scope.CancellationToken);
            await client.CreateAsync($"{VeleroPath}/restores", restore, scope.CancellationToken);
            return new CreatedRestore(cluster, name, RestoreSpecWriter.Yaml(restore), RestoreSpecWriter.Command(name, request, _namespace));
        }, cancellationToken);
        // After the commit, so the jobs find their rows; a stop right here is caught by SubmissionRecovery at the next start.
        if (itemRun is not null)
            await EnqueueAsync(itemRun);
        if (staged is not null)
            await _submitter.EnqueueAsync(staged, CancellationToken.None);
        return created;
    }

    /// <summary>Velero's restores, the dashboard's item-by-item runs and restores waiting for a sync share one name space per cluster.</summary>
    private async Task CheckNameFreeAsync(AppDbContext db, Cluster target, k8s.Kubernetes client, string name, CancellationToken ct)
    {
        if (await client.GetAsync($"{VeleroPath}/restores/{name}", ct) is not null
            || await db.ItemRestoreRuns.AnyAsync(r => r.ClusterId == target.Id && r.Name == name, ct)
            || await db.Submissions.AnyAsync(s => s.ClusterId == target.Id && s.Kind == "Restore" && s.Name == name && s.State == SubmissionState.Pending, ct))
        {
            throw new ConflictException($"A restore named {name} already exists on {target.Name}; choose another name.");
        }
    }

    /// <summary>Velero restores only Completed or PartiallyFailed backups; a schedule needs one such backup.</summary>
    private async Task CheckSourceAsync(k8s.Kubernetes client, RestoreRequest request, CancellationToken ct)
    {
        if (request.BackupName is { Length: > 0 } backupName)
        {
            var backup = await client.GetAsync($"{VeleroPath}/backups/{backupName}", ct)
                ?? throw new ValidationException("backupName", $"backupName: there is no backup {backupName} on this cluster.");
            var phase = BackupPhases.Of((string?)backup["status"]?["phase"]);
            if (phase is not (BackupPhases.Completed or BackupPhases.PartiallyFailed))
                throw new ValidationException("backupName", $"backupName: backup {backupName} is {phase}; only Completed or PartiallyFailed backups can be restored.");
            return;
        }
        var schedule = request.ScheduleName!;
        if (await client.GetAsync($"{VeleroPath}/schedules/{schedule}", ct) is null)
            throw new ValidationException("scheduleName", $"scheduleName: there is no schedule {schedule} on this cluster.");
        var selector = Uri.EscapeDataString($"{BackupObject.ScheduleLabel}={schedule}");
        var backups = await client.ListAllAsync($"{VeleroPath}/backups?labelSelector={selector}", ct);
        if (!backups.Any(b => (string?)b["status"]?["phase"] is BackupPhases.Completed or BackupPhases.PartiallyFailed))
            throw new ValidationException("scheduleName", $"scheduleName: schedule {schedule} has no Completed or PartiallyFailed backup yet.");
    }

    private async Task<(Cluster Cluster, k8s.Kubernetes Client)> OpenProtectedAsync(AppDbContext db, string cluster, CancellationToken ct)
    {
        var found = await ClusterService.FindAsync(db, cluster, ct);
        if (!await ProtectionStateStore.IsProtectedAsync(db, found, ct))
            throw new ValidationException("cluster", $"cluster: {found.Name} has no data protection (Velero is not installed); enable it first.");
        return (found, await _clients.GetAsync(found.Id, ct));
    }
}
