using System.Runtime.CompilerServices;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Audit;

public sealed record AuditQuery(string? Actor = null, string? Action = null, string? Cluster = null, DateTime? FromUtc = null, DateTime? ToUtc = null);

public sealed record ChainVerification(bool Intact, long Rows, long? FirstBrokenId, string? Reason);

public sealed class AuditService(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<PagedResult<AuditEntry>> ListAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var filtered = Filter(db.AuditEntries.AsNoTracking(), query);
        var total = await filtered.CountAsync(cancellationToken);
        var items = await filtered.OrderByDescending(e => e.Id).Skip(page.Skip).Take(page.Take).ToListAsync(cancellationToken);
        return new PagedResult<AuditEntry>(items, total, page.Page, page.Take);
    }

    /// <summary>Walks the chain in order and reports the first row whose sequence, link or content does not match.</summary>
    public async Task<ChainVerification> VerifyChainAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        long expectedId = 1;
        var previousHash = "";
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var reason = entry.Id != expectedId ? $"row {expectedId} is missing"
                : entry.PreviousHash != previousHash ? "its link to the previous row does not match"
                : AuditHasher.Compute(entry) != entry.Hash ? "its content was changed after it was written"
                : null;
            if (reason is not null)
            {
                return new ChainVerification(false, expectedId - 1, entry.Id, $"Row {entry.Id}: {reason}.");
            }

            previousHash = entry.Hash;
            expectedId++;
        }

        return new ChainVerification(true, expectedId - 1, null, null);
    }

    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await foreach (var entry in Filter(db.AuditEntries.AsNoTracking(), query).OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    private static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> entries, AuditQuery q)
    {
        if (!string.IsNullOrWhiteSpace(q.Actor))
        {
            entries = entries.Where(e => e.Actor.Contains(q.Actor));
        }
        if (!string.IsNullOrWhiteSpace(q.Action))
        {
            entries = entries.Where(e => e.Action.StartsWith(q.Action));
        }
        if (!string.IsNullOrWhiteSpace(q.Cluster))
        {
            entries = entries.Where(e => e.TargetCluster == q.Cluster);
        }
        if (q.FromUtc is { } from)
        {
            entries = entries.Where(e => e.TimeUtc >= from);
        }
        if (q.ToUtc is { } to)
        {
            entries = entries.Where(e => e.TimeUtc < to);
        }
        return entries;
    }
}
