using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Backups;

/// <summary>
/// Backups across clusters: the list is read from the history table (kept current by <see cref="BackupWatchHub"/>), details
/// and files from the cluster, deletion through Velero's DeleteBackupRequest.
/// </summary>
public sealed class BackupService
{
    public const string DeleteAction = "backup.delete";

    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly IKubernetesClientFactory _clients;
    private readonly IAuditLog _audit;
    private readonly BackupDetailsReader _reader;
    private readonly string _namespace;

    internal BackupService(IDbContextFactory<AppDbContext> dbFactory, IKubernetesClientFactory clients, IAuditLog audit, BackupDetailsReader reader,
        IOptions<ClustersOptions> clusterOptions)
    {
        (_dbFactory, _clients, _audit, _reader, _namespace) = (dbFactory, clients, audit, reader, clusterOptions.Value.VeleroNamespace);
    }

    public async Task<PagedResult<BackupSummary>> ListBackupsAsync(Actor actor, BackupFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        if (filter.From is { } from && filter.To is { } to && from > to)
        {
            throw new ValidationException("from", "'from' must not be later than 'to'.");
        }
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db.BackupRecords.AsNoTracking(), filter);
        var total = await query.CountAsync(cancellationToken);
        var items = await Paged(query, page).ToListAsync(cancellationToken);
        return new PagedResult<BackupSummary>(items.Select(BackupSummary.From).ToList(), total, Math.Max(page.Page, 0), page.Take);
    }

    /// <summary>The history rows a filter selects; each filter has an index (BackupListIndexes) so neither the count nor a page scans the table.</summary>
    internal static IQueryable<BackupRecord> Filtered(IQueryable<BackupRecord> query, BackupFilter filter)
    {
        query = filter.IncludeDeleted ? query : query.Where(b => b.DeletedUtc == null);
        if (!string.IsNullOrWhiteSpace(filter.Cluster))
            query = query.Where(b => b.ClusterName == filter.Cluster);
        if (!string.IsNullOrWhiteSpace(filter.Phase))
            query = query.Where(b => b.Phase == filter.Phase);
        if (!string.IsNullOrWhiteSpace(filter.Schedule))
            query = query.Where(b => b.Schedule == filter.Schedule);
        if (filter.From is { } f)
            query = query.Where(b => b.CreatedUtc >= f);
        if (filter.To is { } t)
            query = query.Where(b => b.CreatedUtc <= t);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = filter.Search.Trim();
            query = query.Where(b => EF.Functions.Like(b.Name, $"%{search}%") || EF.Functions.Like(b.Scope, $"%{search}%")
                || (b.RequestedBy != null && EF.Functions.Like(b.RequestedBy, $"%{search}%")));
        }
        return query;
    }

    /// <summary>Newest first, one page.</summary>
    internal static IQueryable<BackupRecord> Paged(IQueryable<BackupRecord> query, PageRequest page) =>
        query.OrderByDescending(b => b.CreatedUtc).ThenBy(b => b.Name).Skip(page.Skip).Take(page.Take);

    public async Task<BackupDetails> GetBackupAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        var (client, record) = await OpenAsync(cluster, name, cancellationToken);
        return await _reader.ReadAsync(client, _namespace, cluster, name, record, cancellationToken);
    }

    /// <summary>The backup's log, gunzipped; <paramref name="search"/> keeps only lines containing it (case-insensitive).</summary>
    public async Task<BackupLog> GetBackupLogAsync(Actor actor, string cluster, string name, string? search, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        var (client, _) = await OpenAsync(cluster, name, cancellationToken);
        return await _reader.ReadLogAsync(client, _namespace, name, search, cancellationToken);
    }

    public async Task<BackupResults> GetBackupResultsAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        var (client, _) = await OpenAsync(cluster, name, cancellationToken);
        return await _reader.ReadResultsAsync(client, _namespace, name, cancellationToken);
    }

    /// <summary>
    /// Asks Velero to delete the backup and its files (a DeleteBackupRequest, as <c>velero backup delete</c>). Refused, with the
    /// reason Velero would give, while the backup is running or when its storage location is read-only.
    /// </summary>
    public Task DeleteBackupAsync(Actor actor, string cluster, string name, string? confirmName, CancellationToken cancellationToken) =>
        _audit.RunAsync(actor, DeleteAction, async scope =>
        {
            scope.Target = new AuditTarget(Cluster: ClusterService.ForAudit(cluster), Kind: "Backup", Namespace: _namespace, Name: ClusterService.ForAudit(name));
            actor.Require(Roles.Operator);
            if (confirmName != name)
            {
                throw new ValidationException("confirmName", $"Type the backup's name, {name}, to confirm.");
            }
            var (client, _) = await OpenAsync(cluster, name, scope.CancellationToken);
            var backup = await client.GetAsync($"{VeleroPath}/backups/{name}", scope.CancellationToken)
                ?? throw new NotFoundException($"There is no backup {name} in {cluster} (it may have expired already).");
            var phase = BackupPhases.Of((string?)backup["status"]?["phase"]);
            if (BackupPhases.Running.Contains(phase))
            {
                throw new ConflictException($"backup is still in progress ({phase}); delete it once it has finished.");
            }
            var location = (string?)backup["spec"]?["storageLocation"];
            if (location is not null && await client.GetAsync($"{VeleroPath}/backupstoragelocations/{location}", scope.CancellationToken) is { } bsl
                && (string?)bsl["spec"]?["accessMode"] == "ReadOnly")
            {
                throw new ConflictException($"cannot delete backup because backup storage location {location} is currently in read-only mode");
            }
            var request = await client.CreateAsync($"{VeleroPath}/deletebackuprequests", DeleteRequest(backup, _namespace), scope.CancellationToken);
            scope.Parameters = new { request = BackupObject.Name(request), phase };
            return true;
        }, cancellationToken);

    private string VeleroPath => $"apis/velero.io/v1/namespaces/{_namespace}";

    /// <summary>A DeleteBackupRequest as <c>velero backup delete</c> writes it (labelled with the backup's name and uid).</summary>
    internal static JsonObject DeleteRequest(JsonObject backup, string veleroNamespace)
    {
        var name = BackupObject.Name(backup);
        return new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "DeleteBackupRequest",
            ["metadata"] = new JsonObject
            {
                ["generateName"] = (name.Length > 200 ? name[..200] : name) + "-",
                ["namespace"] = veleroNamespace,
                ["labels"] = new JsonObject { [BackupObject.BackupNameLabel] = name.Length > 63 ? name[..63] : name, ["velero.io/backup-uid"] = BackupObject.Uid(backup) },
            },
            ["spec"] = new JsonObject { ["backupName"] = name },
        };
    }

    private async Task<(k8s.Kubernetes Client, BackupRecord? Record)> OpenAsync(string cluster, string name, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var found = await ClusterService.FindAsync(db, cluster, ct);
        var record = await db.BackupRecords.AsNoTracking().Where(b => b.ClusterId == found.Id && b.Name == name)
            .OrderByDescending(b => b.CreatedUtc).FirstOrDefaultAsync(ct);
        return (await _clients.GetAsync(found.Id, ct), record);
    }
}
