using System.Data.Common;
using DataProtection.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataProtection.Core.Restores;

/// <summary>Keeps <see cref="BackupIndex"/>es: builds one from the archive the first time a backup is opened, then reads it.</summary>
internal sealed class BackupIndexStore(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<BackupIndex?> FindAsync(int clusterId, string uid, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.BackupIndexes.AsNoTracking().FirstOrDefaultAsync(i => i.ClusterId == clusterId && i.BackupUid == uid, ct);
    }

    /// <summary>
    /// Stores the items in one transaction with a prepared statement (100,000 rows through the change tracker would take
    /// seconds). A concurrent build of the same backup loses on the unique key and the winner's index is returned.
    /// </summary>
    public async Task<BackupIndex> SaveAsync(int clusterId, string backupName, string uid, IReadOnlyList<ArchiveItem> items, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var index = new BackupIndex { ClusterId = clusterId, BackupName = backupName, BackupUid = uid, ItemCount = items.Count, IndexedUtc = time.GetUtcNow().UtcDateTime };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.BackupIndexes.Add(index);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            await transaction.RollbackAsync(ct);
            return await FindAsync(clusterId, uid, ct) ?? throw new InvalidOperationException($"The index of {backupName} vanished while it was being written.", e);
        }
        var connection = db.Database.GetDbConnection();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction.GetDbTransaction();
        insert.CommandText = "INSERT INTO BackupIndexItems (BackupIndexId, Resource, ApiVersion, Kind, Namespace, Name, Labels) VALUES ($i, $r, $a, $k, $n, $m, $l)";
        var p = new[] { "$i", "$r", "$a", "$k", "$n", "$m", "$l" }.Select(name => Add(insert, name)).ToArray();
        p[0].Value = index.Id;
        await insert.PrepareAsync(ct);
        foreach (var item in items)
        {
            p[1].Value = item.Resource;
            p[2].Value = item.ApiVersion;
            p[3].Value = item.Kind;
            p[4].Value = item.Namespace ?? "";
            p[5].Value = item.Name;
            p[6].Value = (object?)item.LabelsJson ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return index;
    }

    public async Task<List<BackupIndexItem>> ItemsAsync(long indexId, string? ns, string? kind, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.BackupIndexItems.AsNoTracking().Where(i => i.BackupIndexId == indexId);
        if (ns is not null)
            query = query.Where(i => i.Namespace == ns);
        if (kind is not null)
            query = query.Where(i => i.Kind == kind);
        return await query.OrderBy(i => i.Namespace).ThenBy(i => i.Kind).ThenBy(i => i.Name).ToListAsync(ct);
    }

    private static DbParameter Add(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
