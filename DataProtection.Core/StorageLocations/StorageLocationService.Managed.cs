using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.StorageLocations;

public sealed partial class StorageLocationService
{
    /// <summary>
    /// Rewrites the Secret and BSL of every assigned managed location from the current managed account (after the account
    /// changed, or the hosted sandbox's S3 endpoint moved). Each cluster is tried; the ones that failed are returned.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReapplyManagedLocationsAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // Nothing to rewrite: no audit row either (this runs at every start of the hosted sandbox).
            if (actor.IsInRole(Roles.Admin) && !await db.StorageAssignments.AnyAsync(a => a.Location!.Kind == StorageKind.Managed, cancellationToken))
            {
                return [];
            }
        }
        return await audit.RunAsync(actor, AuditActions.StorageUpdate, async scope =>
        {
            scope.Target = new AuditTarget(Kind: "ManagedStorage", Name: "managed-locations");
            actor.Require(Roles.Admin);
            var assignments = await scope.Db.StorageAssignments.AsNoTracking().Include(a => a.Location).Include(a => a.Cluster)
                .Where(a => a.Location!.Kind == StorageKind.Managed).ToListAsync(scope.CancellationToken);
            var failures = new List<string>();
            foreach (var a in assignments)
            {
                try
                {
                    var connection = await ConnectionAsync(a.Location!, scope.CancellationToken);
                    await ApplyToClusterAsync(a.ClusterId, a.Cluster!.Name, a.Location!.Name, connection, a.AccessMode, a.IsDefault, scope.CancellationToken);
                }
                catch (Exception ex) when (ex is ClusterUnavailableException or ValidationException)
                {
                    failures.Add($"{a.Cluster!.Name}/{a.Location!.Name}: {ex.Message}");
                }
            }
            scope.Parameters = new { locations = assignments.Count, failures };
            if (failures.Count > 0)
            {
                scope.Fail(string.Join("; ", failures));
            }
            return (IReadOnlyList<string>)failures;
        }, cancellationToken);
    }
}
