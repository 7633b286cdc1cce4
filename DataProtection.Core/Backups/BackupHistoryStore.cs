using System.Text.Json.Nodes;
using DataProtection.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Backups;

/// <summary>Writes what the watch and the reconcile job see into <see cref="BackupRecord"/>s; rows are never deleted.</summary>
internal sealed class BackupHistoryStore(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<BackupRecord> UpsertAsync(int clusterId, string clusterName, JsonObject backup, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var uid = BackupObject.Uid(backup);
        var record = await db.BackupRecords.FirstOrDefaultAsync(b => b.ClusterId == clusterId && b.Uid == uid, ct);
        record = Apply(db, record, clusterId, clusterName, backup);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>Marks a Backup gone, keeping its last phase; the watch's DELETED event carries its final state.</summary>
    public async Task<BackupRecord> MarkDeletedAsync(int clusterId, string clusterName, JsonObject backup, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var uid = BackupObject.Uid(backup);
        var record = await db.BackupRecords.FirstOrDefaultAsync(b => b.ClusterId == clusterId && b.Uid == uid, ct);
        record = Apply(db, record, clusterId, clusterName, backup);
        record.DeletedUtc ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>Makes the cluster's rows match a complete list: upserts every item and marks rows not in it as gone.</summary>
    public async Task<SyncResult> SyncAsync(int clusterId, string clusterName, IReadOnlyList<JsonObject> backups, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.BackupRecords.Where(b => b.ClusterId == clusterId && b.DeletedUtc == null).ToListAsync(ct);
        var byUid = await db.BackupRecords.Where(b => b.ClusterId == clusterId).ToDictionaryAsync(b => b.Uid, ct);
        var seen = new HashSet<string>();
        var added = 0;
        foreach (var backup in backups)
        {
            var uid = BackupObject.Uid(backup);
            seen.Add(uid);
            added += byUid.ContainsKey(uid) ? 0 : 1;
            Apply(db, byUid.GetValueOrDefault(uid), clusterId, clusterName, backup);
        }
        var gone = existing.Where(r => !seen.Contains(r.Uid)).ToList();
        foreach (var record in gone)
        {
            record.DeletedUtc = time.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(ct);
        return new SyncResult(added, gone.Select(r => r.Name).ToList());
    }

    /// <summary>Finished backups still present whose tarball size is not known yet.</summary>
    public async Task<List<string>> ListUnsizedAsync(int clusterId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.BackupRecords.Where(b => b.ClusterId == clusterId && b.DeletedUtc == null && b.SizeBytes == null
            && (b.Phase == BackupPhases.Completed || b.Phase == BackupPhases.PartiallyFailed)).Select(b => b.Name).ToListAsync(ct);
    }

    public async Task<BackupRecord?> SetSizeAsync(int clusterId, string name, long size, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.BackupRecords.Where(b => b.ClusterId == clusterId && b.Name == name && b.DeletedUtc == null).FirstOrDefaultAsync(ct);
        if (record is not null)
        {
            record.SizeBytes = size;
            await db.SaveChangesAsync(ct);
        }
        return record;
    }

    private BackupRecord Apply(AppDbContext db, BackupRecord? record, int clusterId, string clusterName, JsonObject backup)
    {
        if (record is null)
        {
            record = new BackupRecord { ClusterId = clusterId };
            db.BackupRecords.Add(record);
        }
        record.ClusterName = clusterName;
        BackupObject.Apply(backup, record);
        record.LastSeenUtc = time.GetUtcNow().UtcDateTime;
        // A Backup listed again (restored by Velero's sync from the bucket) is live again.
        record.DeletedUtc = null;
        return record;
    }
}

internal sealed record SyncResult(int Added, IReadOnlyList<string> Gone);
