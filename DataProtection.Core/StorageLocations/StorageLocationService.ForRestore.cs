using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.StorageLocations;

public sealed partial class StorageLocationService
{
    /// <summary>The dashboard's location on this endpoint, bucket and prefix, or null when the dashboard does not manage one.</summary>
    internal async Task<string?> FindByRootAsync(Uri? endpoint, string bucket, string prefix, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.StorageLocations.AsNoTracking().OrderBy(l => l.Id).ToListAsync(cancellationToken);
        foreach (var row in rows.Where(r => r.Kind == StorageKind.Managed || (r.Bucket == bucket && r.Prefix == prefix)))
        {
            var connection = await ConnectionAsync(row, cancellationToken);
            if (connection.Bucket == bucket && connection.Prefix == prefix && (endpoint is null || SameHost(connection.Endpoint, endpoint)))
            {
                return row.Name;
            }
        }
        return null;
    }

    /// <summary>
    /// A ReadOnly, never default, assignment of <paramref name="location"/> to <paramref name="cluster"/> so Velero there syncs its
    /// backups, for a restore of another cluster's backup. Unlike <see cref="AssignAsync"/> an Operator may do it: ReadOnly cannot
    /// write or garbage-collect anything. An existing assignment is kept as it is (only its BSL is rewritten). Audited as
    /// <see cref="AuditActions.StorageAssign"/>.
    /// </summary>
    internal Task AssignReadOnlyForRestoreAsync(Actor actor, string location, string cluster, string restore, CancellationToken cancellationToken) =>
        audit.RunAsync(actor, AuditActions.StorageAssign, async scope =>
        {
            scope.Target = new AuditTarget(Cluster: Short(cluster), Kind: "StorageLocation", Name: Short(location));
            scope.Parameters = new { accessMode = StorageAccessMode.ReadOnly, makeDefault = false, force = false, forRestore = Short(restore) };
            actor.Require(Roles.Operator);
            var db = scope.Db;
            var target = await ClusterService.FindAsync(db, cluster, scope.CancellationToken);
            var row = await FindAsync(db.StorageLocations.Include(l => l.Assignments), location, scope.CancellationToken);
            var assignment = row.Assignments.FirstOrDefault(a => a.ClusterId == target.Id);
            if (assignment is null)
            {
                assignment = new StorageAssignment { ClusterId = target.Id, AccessMode = StorageAccessMode.ReadOnly, CreatedUtc = time.GetUtcNow().UtcDateTime };
                row.Assignments.Add(assignment);
                await db.SaveChangesAsync(scope.CancellationToken);
            }
            var connection = await ConnectionAsync(row, scope.CancellationToken);
            await ApplyToClusterAsync(target.Id, target.Name, row.Name, connection, assignment.AccessMode, assignment.IsDefault, scope.CancellationToken);
            return 0;
        }, cancellationToken);

    private static bool SameHost(Uri a, Uri b) => a.Host.Equals(b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
}
