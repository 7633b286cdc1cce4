using System.Text.Json;
using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Data;
using DataProtection.Core.Kubernetes;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Restores;

/// <summary>
/// Runs one <see cref="ItemRestoreRun"/>: reads the picked objects from the source cluster's backup (one streamed pass
/// through a DownloadRequest), then restores them into the target with <see cref="ItemRestorer"/>, saving and announcing
/// progress after each object. A finished run is left alone; a run interrupted by a stop is picked up again by Hangfire and
/// repeats safely.
/// </summary>
internal sealed class ItemRestoreJob(IDbContextFactory<AppDbContext> dbFactory, IKubernetesClientFactory clients, BackupDownloads downloads,
    RestoreChanges changes, TimeProvider time, IOptions<ClustersOptions> clusterOptions, ILogger<ItemRestoreJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.ItemRestoreRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.IsFinal)
            return;
        run.Phase = "InProgress";
        run.StartedUtc ??= time.GetUtcNow().UtcDateTime;
        await SaveAsync(db, run);
        try
        {
            var request = JsonSerializer.Deserialize<RestoreRequest>(run.RequestJson, RestoreService.RequestJson)!;
            var (items, namespaces) = await ReadAsync(run, request, cancellationToken);
            var target = await clients.GetAsync(run.ClusterId, cancellationToken);
            run.ItemsRestored = 0;
            await new ItemRestorer(target, run, request, time).RunAsync(items, namespaces, () => SaveAsync(db, run), cancellationToken);
            run.Phase = run.Errors > 0 ? "PartiallyFailed" : "Completed";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Item-by-item restore {Restore} into {Cluster} failed", run.Name, run.ClusterName);
            run.Phase = "Failed";
            run.FailureReason = ex.Message;
        }
        run.CompletedUtc = time.GetUtcNow().UtcDateTime;
        await SaveAsync(db, run);
    }

    /// <summary>The picked objects (group-resource and JSON) and the Namespace objects they need, from the source backup's archive.</summary>
    private async Task<(List<(string, JsonObject)> Items, Dictionary<string, JsonObject> Namespaces)> ReadAsync(ItemRestoreRun run, RestoreRequest request,
        CancellationToken ct)
    {
        var picked = request.Items.Select(i => (i.Resource, string.IsNullOrEmpty(i.Namespace) ? null : i.Namespace, i.Name)).ToHashSet();
        var needed = picked.Select(p => p.Item1 == "namespaces" ? p.Name : p.Item2).OfType<string>().Distinct().ToList();
        var wanted = picked.Concat(needed.Select(ns => ("namespaces", (string?)null, ns))).ToHashSet();
        var source = await clients.GetAsync(run.SourceClusterId, ct);
        var found = await downloads.WithContentsAsync(source, clusterOptions.Value.VeleroNamespace, run.BackupName, async open =>
        {
            await using var stream = await open(ct);
            return await BackupArchiveReader.ReadItemsAsync(stream, wanted, ArchiveLimits.Default, ct);
        }, ct);
        var missing = picked.FirstOrDefault(p => !found.ContainsKey(p));
        if (missing != default)
            throw new InvalidOperationException($"Backup {run.BackupName} holds no {missing.Item1} {missing.Item2}/{missing.Name} any more.");
        var items = picked.Select(p => (p.Item1, JsonNode.Parse(found[p])!.AsObject())).ToList();
        var namespaces = needed.Where(ns => found.ContainsKey(("namespaces", null, ns)))
            .ToDictionary(ns => ns, ns => JsonNode.Parse(found[("namespaces", null, ns)])!.AsObject());
        return (items, namespaces);
    }

    private async Task SaveAsync(AppDbContext db, ItemRestoreRun run)
    {
        // Not cancellable: what was done must be recorded even when the job is being stopped.
        await db.SaveChangesAsync(CancellationToken.None);
        await changes.PublishAsync(new RestoreChange(run.ClusterName, run.Name, run.ToSummary()));
    }
}
