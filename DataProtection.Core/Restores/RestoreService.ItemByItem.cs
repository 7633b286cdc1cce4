using System.Text.Json;
using System.Text.Json.Serialization;
using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Restores;

public sealed partial class RestoreService
{
    internal static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    /// <summary>
    /// Hand-picked objects no Velero filter selects exactly: recorded as an <see cref="ItemRestoreRun"/> in the audit's
    /// transaction (so the restore and its audit row exist together or not at all) and run by <see cref="ItemRestoreJob"/>
    /// once committed.
    /// </summary>
    private async Task<(CreatedRestore, ItemRestoreRun)> StartItemByItemAsync(AuditScope scope, Actor actor, (Cluster Cluster, k8s.Kubernetes Client) into,
        Cluster from, string name, RestoreRequest request)
    {
        var ct = scope.CancellationToken;
        var (target, source) = (into.Cluster, (Cluster: from, Client: from.Id == into.Cluster.Id ? into.Client : await _clients.GetAsync(from.Id, ct)));
        await CheckSourceAsync(source.Client, request, ct);
        await CheckNameFreeAsync(scope.Db, target, into.Client, name, ct);
        var run = new ItemRestoreRun
        {
            ClusterId = target.Id,
            ClusterName = target.Name,
            Name = name,
            SourceClusterId = source.Cluster.Id,
            SourceClusterName = source.Cluster.Name,
            BackupName = request.BackupName!,
            RequestedBy = actor.Name,
            RequestJson = JsonSerializer.Serialize(request, RequestJson),
            TotalItems = request.Items.Count,
            CreatedUtc = _time.GetUtcNow().UtcDateTime,
        };
        scope.Db.ItemRestoreRuns.Add(run);
        await scope.Db.SaveChangesAsync(ct);
        scope.Parameters = new { method = "item-by-item", sourceCluster = source.Cluster.Name, request = JsonSerializer.SerializeToNode(request, RequestJson) };
        var plan = string.Join('\n', request.Items.Select(i => $"- {i.Resource} {(string.IsNullOrEmpty(i.Namespace) ? "" : i.Namespace + "/")}{i.Name}"
            + (i.Namespace is { Length: > 0 } ns && request.NamespaceMapping.TryGetValue(ns, out var to) ? $" → {to}" : "")));
        var command = $"# No Velero filter selects exactly these {request.Items.Count} objects, so no single `velero restore create` does this restore.\n"
            + "# The dashboard reads each one from the backup, cleans it as Velero does and creates it with the Kubernetes API,\n"
            + $"# labelled velero.io/backup-name={ItemCleaner.LabelValue(run.BackupName)} and velero.io/restore-name={ItemCleaner.LabelValue(name)}.";
        return (new CreatedRestore(target.Name, name, $"# item-by-item restore {name} from backup {run.BackupName}\n{plan}\n", command), run);
    }

    private async Task EnqueueAsync(ItemRestoreRun run)
    {
        var id = run.Id;
        var jobId = _jobs.Enqueue<ItemRestoreJob>(j => j.RunAsync(id, CancellationToken.None));
        await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.ItemRestoreRuns.Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.JobId, jobId), CancellationToken.None);
    }

    /// <summary>Enqueues runs saved but never enqueued (a stop between commit and enqueue); returns how many.</summary>
    internal async Task<int> EnqueueOrphanedItemRestoresAsync(CancellationToken ct)
    {
        List<ItemRestoreRun> orphans;
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
            orphans = await db.ItemRestoreRuns.AsNoTracking().Where(r => r.Phase == "New" && r.JobId == null).ToListAsync(ct);
        foreach (var orphan in orphans)
            await EnqueueAsync(orphan);
        return orphans.Count;
    }

    private static async Task<ItemRestoreRun?> FindItemRunAsync(AppDbContext db, string cluster, string name, CancellationToken ct) =>
        await db.ItemRestoreRuns.AsNoTracking().FirstOrDefaultAsync(r => r.ClusterName == cluster && r.Name == name, ct);
}
