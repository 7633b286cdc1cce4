using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Inventory;
using DataProtection.Core.Kubernetes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Restores;

/// <summary>
/// Browses what a backup holds: its items come from the SQLite index (built from the tarball the first time, through a
/// DownloadRequest, so the dashboard needs no bucket credentials); one object's manifest is streamed from the tarball.
/// </summary>
public sealed class BackupContentsService
{
    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly IKubernetesClientFactory _clients;
    private readonly BackupDownloads _downloads;
    private readonly BackupIndexStore _store;
    private readonly ArchiveLimits _limits;
    private readonly string _namespace;

    internal BackupContentsService(IDbContextFactory<AppDbContext> dbFactory, IKubernetesClientFactory clients, BackupDownloads downloads,
        BackupIndexStore store, IOptions<ClustersOptions> clusterOptions, ArchiveLimits? limits = null)
    {
        (_dbFactory, _clients, _downloads, _store) = (dbFactory, clients, downloads, store);
        (_limits, _namespace) = (limits ?? ArchiveLimits.Default, clusterOptions.Value.VeleroNamespace);
    }

    public async Task<BackupContents> GetContentsAsync(Actor actor, string cluster, string backup, ContentsQuery query, CancellationToken ct)
    {
        actor.Require(Roles.Viewer);
        var selector = InventoryService.ParseSelector(query.Selector);
        var (clusterId, record) = await FindBackupAsync(cluster, backup, ct);
        var index = await _store.FindAsync(clusterId, record.Uid, ct) ?? await BuildAsync(clusterId, record, ct);
        var search = query.Search?.Trim();
        var matching = (await _store.ItemsAsync(index.Id, null, null, ct))
            .Select(ToItem)
            .Where(i => selector.Matches(i.Labels) && (string.IsNullOrEmpty(search) || i.Name.Contains(search, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var groups = matching.GroupBy(i => (i.Namespace ?? "", i.Kind, i.Resource))
            .Select(g => new ContentsGroup(g.Key.Item1, g.Key.Kind, g.Key.Resource, g.Count())).ToList();
        var page = matching.Where(i => (query.Namespace is null || (i.Namespace ?? "") == query.Namespace) && (query.Kind is null || i.Kind == query.Kind))
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 1000)).ToList();
        return new BackupContents(cluster, backup, index.ItemCount, matching.Count, groups, page, index.IndexedUtc);
    }

    /// <summary>Every item of the backup, from its index (built now if it is the first time).</summary>
    internal async Task<IReadOnlyList<ContentsItem>> AllItemsAsync(string cluster, string backup, CancellationToken ct)
    {
        var (clusterId, record) = await FindBackupAsync(cluster, backup, ct);
        var index = await _store.FindAsync(clusterId, record.Uid, ct) ?? await BuildAsync(clusterId, record, ct);
        return [.. (await _store.ItemsAsync(index.Id, null, null, ct)).Select(ToItem)];
    }

    /// <summary>The object as stored in the backup, as YAML (a Secret's values masked), read only as far as the object.</summary>
    public async Task<string> GetItemYamlAsync(Actor actor, string cluster, string backup, string resource, string? ns, string name, CancellationToken ct)
    {
        actor.Require(Roles.Viewer);
        var (clusterId, _) = await FindBackupAsync(cluster, backup, ct);
        var client = await _clients.GetAsync(clusterId, ct);
        var json = await _downloads.WithContentsAsync(client, _namespace, backup, async open =>
        {
            await using var stream = await open(ct);
            return await BackupArchiveReader.ReadItemAsync(stream, resource, string.IsNullOrEmpty(ns) ? null : ns, name, _limits, ct);
        }, ct);
        return json is null
            ? throw new NotFoundException($"Backup {backup} holds no {resource} {(string.IsNullOrEmpty(ns) ? "" : ns + "/")}{name}.")
            : ObjectYaml.ToYaml(System.Text.Json.Nodes.JsonNode.Parse(json)!);
    }

    private async Task<BackupIndex> BuildAsync(int clusterId, BackupRecord record, CancellationToken ct)
    {
        var client = await _clients.GetAsync(clusterId, ct);
        var items = await _downloads.WithContentsAsync(client, _namespace, record.Name,
            open => BackupArchiveReader.IndexAsync(open, _limits, ct), ct);
        return await _store.SaveAsync(clusterId, record.Name, record.Uid, items, ct);
    }

    private async Task<(int ClusterId, BackupRecord Record)> FindBackupAsync(string cluster, string backup, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var found = await ClusterService.FindAsync(db, cluster, ct);
        var record = await db.BackupRecords.AsNoTracking().Where(b => b.ClusterId == found.Id && b.Name == backup && b.DeletedUtc == null)
            .OrderByDescending(b => b.CreatedUtc).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException($"There is no backup {ClusterService.ForAudit(backup)} on {found.Name}.");
        if (record.Phase is not (BackupPhases.Completed or BackupPhases.PartiallyFailed))
        {
            throw new ConflictException($"Backup {record.Name} is {record.Phase}: only Completed and PartiallyFailed backups have contents to browse.");
        }
        return (found.Id, record);
    }

    private static ContentsItem ToItem(BackupIndexItem i) => new(i.Resource, i.ApiVersion, i.Kind, i.Namespace.Length == 0 ? null : i.Namespace, i.Name,
        ItemJson.ParseLabels(i.Labels));
}
