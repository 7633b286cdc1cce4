using System.Text.Json.Nodes;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;
using DataProtection.Core.Schedules;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Restores;

public sealed partial class RestoreService
{
    /// <summary>Restores of every protected cluster (or one), newest first; unreachable clusters are listed, the others still show.</summary>
    public async Task<RestoreList> ListRestoresAsync(Actor actor, string? cluster, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var clusters = (await ProtectionStateStore.ProtectedClusters(db).ToListAsync(cancellationToken))
            .Where(c => cluster == null || c.Name == cluster).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var items = new List<RestoreSummary>();
        var unreachable = new List<ClusterProblem>();
        foreach (var c in clusters)
        {
            try
            {
                var client = await _clients.GetAsync(c.Id, cancellationToken);
                items.AddRange((await client.ListAllAsync($"{VeleroPath}/restores", cancellationToken)).Select(r => RestoreReader.Summary(c.Name, r)));
            }
            catch (Exception ex) when (ex is HttpRequestException or KubernetesApiException or k8s.Autorest.HttpOperationException or TaskCanceledException
                && !cancellationToken.IsCancellationRequested)
            {
                unreachable.Add(new ClusterProblem(c.Name, ex.Message));
            }
        }
        var ids = clusters.Select(c => c.Id).ToList();
        items.AddRange((await db.ItemRestoreRuns.AsNoTracking().Where(r => ids.Contains(r.ClusterId)).ToListAsync(cancellationToken)).Select(r => r.ToSummary()));
        items.AddRange((await WaitingForSyncAsync(db, clusters, cancellationToken)).Where(w => !items.Any(i => i.Cluster == w.Cluster && i.Name == w.Name)));
        return new RestoreList([.. items.OrderByDescending(r => r.CreatedUtc)], unreachable);
    }

    public async Task<RestoreSummary> GetRestoreAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        if (await ItemRunAsync(cluster, name, cancellationToken) is { } run)
            return run.ToSummary();
        var (found, client) = await OpenAsync(cluster, cancellationToken);
        var restore = await client.GetAsync($"{VeleroPath}/restores/{name}", cancellationToken);
        return restore is not null ? RestoreReader.Summary(found, restore) : await SubmittedRestoreAsync(found, name, cancellationToken)
            ?? throw new NotFoundException($"There is no restore {ClusterService.ForAudit(name)} on {found}.");
    }

    /// <summary>What Velero did with each object (created, updated, skipped, failed), from the file it writes when it finishes.</summary>
    public async Task<IReadOnlyList<RestoredItem>> GetRestoredItemsAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        if (await ItemRunAsync(cluster, name, cancellationToken) is { } run)
            return RestoreReader.ResourceList(JsonNode.Parse(run.ResourceListJson ?? "{}")!.AsObject());
        var (_, client) = await OpenAsync(cluster, cancellationToken);
        var text = await _downloads.DownloadTextAsync(client, _namespace, "RestoreResourceList", name, cancellationToken);
        return RestoreReader.ResourceList(JsonNode.Parse(text)?.AsObject() ?? []);
    }

    public async Task<Backups.BackupLog> GetRestoreLogAsync(Actor actor, string cluster, string name, string? search, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        if (await ItemRunAsync(cluster, name, cancellationToken) is { } run)
            return Backups.BackupLog.From(run.Log, search);
        var (_, client) = await OpenAsync(cluster, cancellationToken);
        return Backups.BackupLog.From(await _downloads.DownloadTextAsync(client, _namespace, "RestoreLog", name, cancellationToken), search);
    }

    /// <summary>The dashboard's own item-by-item restore of that name, if it is one.</summary>
    private async Task<ItemRestoreRun?> ItemRunAsync(string cluster, string name, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        return await FindItemRunAsync(db, cluster, name, ct);
    }

    private async Task<(string Cluster, k8s.Kubernetes Client)> OpenAsync(string cluster, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var found = await ClusterService.FindAsync(db, cluster, ct);
        return (found.Name, await _clients.GetAsync(found.Id, ct));
    }
}
