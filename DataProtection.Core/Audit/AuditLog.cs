using DataProtection.Core.Common;
using DataProtection.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Audit;

public interface IAuditLog
{
    /// <summary>
    /// Runs <paramref name="work"/> and appends its audit row in the same transaction. If the work throws, its changes are
    /// rolled back, a Failed (or Denied) row is written and the exception is rethrown. If the audit row cannot be written,
    /// nothing the work did is kept.
    /// </summary>
    Task<T> RunAsync<T>(Actor actor, string action, Func<AuditScope, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Appends a row on its own, for events that change nothing else (sign-out, a refused request).</summary>
    Task WriteAsync(Actor actor, string action, AuditTarget? target, AuditOutcome outcome, string? error, CancellationToken cancellationToken);
}

internal sealed class AuditLog(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, ILogger<AuditLog> logger) : IAuditLog
{
    // The chain needs one writer at a time: each row hashes the one before it.
    private readonly SemaphoreSlim _writer = new(1, 1);

    public async Task<T> RunAsync<T>(Actor actor, string action, Func<AuditScope, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            AuditScope scope;
            T result;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                scope = new AuditScope(db, actor, action, cancellationToken);
                try
                {
                    result = await work(scope);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    db.ChangeTracker.Clear();
                    await AppendAsync(db, scope, ex is ForbiddenException ? AuditOutcome.Denied : AuditOutcome.Failed, ex.Message);
                    throw;
                }

                await AppendAsync(db, scope, scope.Outcome, scope.Error);
                await transaction.CommitAsync(cancellationToken);
            }

            return result;
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task WriteAsync(Actor actor, string action, AuditTarget? target, AuditOutcome outcome, string? error, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var scope = new AuditScope(db, actor, action, cancellationToken) { Target = target };
            await AppendAsync(db, scope, outcome, error);
        }
        finally
        {
            _writer.Release();
        }
    }

    private async Task AppendAsync(AppDbContext db, AuditScope scope, AuditOutcome outcome, string? error)
    {
        var last = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Id)
            .Select(e => new { e.Id, e.Hash })
            .FirstOrDefaultAsync(CancellationToken.None);
        var entry = new AuditEntry
        {
            Id = (last?.Id ?? 0) + 1,
            TimeUtc = time.GetUtcNow().UtcDateTime,
            Actor = scope.Actor.Name,
            ActorRole = scope.Actor.Role,
            Source = scope.Actor.Source.ToString(),
            Action = scope.Action,
            TargetCluster = scope.Target?.Cluster,
            TargetKind = scope.Target?.Kind,
            TargetNamespace = scope.Target?.Namespace,
            TargetName = scope.Target?.Name,
            Parameters = AuditParameters.Serialize(scope.Parameters),
            Outcome = outcome,
            Error = error,
            PreviousHash = last?.Hash ?? "",
        };
        entry.Hash = AuditHasher.Compute(entry);
        db.AuditEntries.Add(entry);
        // Not cancellable: once the action has happened its record must be kept.
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Audit {Action} by {Actor} ({Source}): {Outcome}", entry.Action, entry.Actor, entry.Source, entry.Outcome);
    }
}
