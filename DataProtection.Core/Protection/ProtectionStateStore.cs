using System.Text.Json;
using DataProtection.Core.Clusters;
using DataProtection.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Protection;

/// <summary>Reads and writes the one <see cref="ProtectionState"/> row per cluster.</summary>
internal sealed class ProtectionStateStore(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Raised after a cluster's row was saved (its id), so whoever follows protected clusters need not wait for a rescan.</summary>
    public event Action<int>? Changed;

    /// <summary>Enabled clusters with Velero installed (any status but NotInstalled): the ones backups and schedules are read from.</summary>
    public static IQueryable<ProtectedCluster> ProtectedClusters(AppDbContext db) =>
        db.Clusters.Where(c => c.Enabled)
            .Join(db.ProtectionStates.Where(p => p.Status != ProtectionStatus.NotInstalled), c => c.Id, p => p.ClusterId, (c, _) => new ProtectedCluster(c.Id, c.Name));

    /// <summary>Whether <paramref name="cluster"/> is one of <see cref="ProtectedClusters"/>, as a query SQLite answers.</summary>
    public static async Task<bool> IsProtectedAsync(AppDbContext db, Cluster cluster, CancellationToken ct) =>
        cluster.Enabled && await db.ProtectionStates.AnyAsync(p => p.ClusterId == cluster.Id && p.Status != ProtectionStatus.NotInstalled, ct);

    public static async Task<ProtectionState> GetOrAddAsync(AppDbContext db, Cluster cluster, CancellationToken ct)
    {
        var state = await db.ProtectionStates.FirstOrDefaultAsync(p => p.ClusterId == cluster.Id, ct);
        if (state is null)
        {
            state = new ProtectionState { ClusterId = cluster.Id, Status = ProtectionStatus.NotInstalled };
            db.ProtectionStates.Add(state);
        }
        return state;
    }

    public async Task<ProtectionSummary> ReadAsync(string clusterName, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cluster = await ClusterService.FindAsync(db, clusterName, ct);
        var state = await db.ProtectionStates.AsNoTracking().FirstOrDefaultAsync(p => p.ClusterId == cluster.Id, ct)
            ?? new ProtectionState { ClusterId = cluster.Id, Status = ProtectionStatus.NotInstalled };
        return ToSummary(cluster.Name, state);
    }

    public async Task<int> FindClusterIdAsync(string clusterName, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await ClusterService.FindAsync(db, clusterName, ct)).Id;
    }

    /// <summary>Applies <paramref name="change"/> to the cluster's row and saves; not cancellable, so a finished run is always recorded.</summary>
    public async Task<ProtectionSummary> UpdateAsync(int clusterId, Action<ProtectionState> change)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var cluster = await db.Clusters.FirstAsync(c => c.Id == clusterId);
        var state = await GetOrAddAsync(db, cluster, CancellationToken.None);
        change(state);
        state.UpdatedUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
        Changed?.Invoke(clusterId);
        return ToSummary(cluster.Name, state);
    }

    public static string Serialize(IReadOnlyList<ProtectionStep> steps) => JsonSerializer.Serialize(steps);

    private static ProtectionSummary ToSummary(string cluster, ProtectionState s) => new(cluster, s.Status, s.InstalledVersion, s.ServerVersion,
        s.ImageRegistry, s.Adopted, s.StoragePhase,
        s.LastSteps is null ? [] : JsonSerializer.Deserialize<List<ProtectionStep>>(s.LastSteps) ?? [],
        s.LastError, s.Id == 0 ? null : s.UpdatedUtc, s.LastCheckedUtc);
}

internal sealed record ProtectedCluster(int Id, string Name);
