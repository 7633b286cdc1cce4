using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using k8s.Autorest;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.StorageLocations;

public sealed partial class StorageLocationService
{
    /// <summary>
    /// Creates the credentials Secret and the BackupStorageLocation in the cluster. A second ReadWrite cluster on the same bucket
    /// and prefix is refused unless <see cref="AssignStorageRequest.Force"/> (the refusal and the forcing are both audited).
    /// </summary>
    public Task<StorageAssignmentSummary> AssignAsync(Actor actor, string location, AssignStorageRequest request, CancellationToken cancellationToken) =>
        audit.RunAsync(actor, AuditActions.StorageAssign, async scope =>
        {
            scope.Target = new AuditTarget(Cluster: Short(request.Cluster), Kind: "StorageLocation", Name: Short(location));
            scope.Parameters = new { accessMode = request.AccessMode, makeDefault = request.MakeDefault, force = request.Force };
            actor.Require(Roles.Admin);
            var db = scope.Db;
            var cluster = await ClusterService.FindAsync(db, request.Cluster, scope.CancellationToken);
            var row = await FindAsync(db.StorageLocations.Include(l => l.Assignments), location, scope.CancellationToken);
            if (row.Kind == StorageKind.Managed && row.OwnerClusterId != cluster.Id && request.AccessMode == StorageAccessMode.ReadWrite)
            {
                throw new ValidationException("accessMode", "A managed location is written only by its own cluster; other clusters may assign it ReadOnly.");
            }
            var connection = await ConnectionAsync(row, scope.CancellationToken);
            if (request.AccessMode == StorageAccessMode.ReadWrite)
            {
                var writers = await OtherWritersAsync(db, connection, cluster.Id, scope.CancellationToken);
                if (writers.Count > 0 && !request.Force)
                {
                    throw new ConflictException($"{string.Join(", ", writers)} already write to bucket {connection.Bucket} prefix '{connection.Prefix}'. " +
                        "Two ReadWrite clusters on the same bucket and prefix overwrite and garbage-collect each other's backups. Assign it ReadOnly, or force it as an Admin.");
                }
                scope.Parameters = new { accessMode = request.AccessMode, makeDefault = request.MakeDefault, force = request.Force, otherWriters = writers };
            }
            var assignment = row.Assignments.FirstOrDefault(a => a.ClusterId == cluster.Id);
            if (assignment is null)
            {
                assignment = new StorageAssignment { ClusterId = cluster.Id, CreatedUtc = time.GetUtcNow().UtcDateTime };
                row.Assignments.Add(assignment);
            }
            var others = await db.StorageAssignments.Include(a => a.Location)
                .Where(a => a.ClusterId == cluster.Id && a.StorageLocationId != row.Id).ToListAsync(scope.CancellationToken);
            assignment.AccessMode = request.AccessMode;
            assignment.Forced = request.Force && request.AccessMode == StorageAccessMode.ReadWrite;
            assignment.IsDefault = request.MakeDefault || assignment.IsDefault || !others.Any(a => a.IsDefault);
            var demoted = assignment.IsDefault ? others.Where(a => a.IsDefault).ToList() : [];
            demoted.ForEach(a => a.IsDefault = false);
            await db.SaveChangesAsync(scope.CancellationToken);

            await ApplyToClusterAsync(cluster.Id, cluster.Name, row.Name, connection, assignment.AccessMode, assignment.IsDefault, scope.CancellationToken);
            foreach (var other in demoted)
            {
                await ClusterCallAsync(cluster.Name, c => VeleroStorageWriter.SetDefaultAsync(c, VeleroNamespace, other.Location!.Name, false, scope.CancellationToken),
                    cluster.Id, scope.CancellationToken);
            }
            return new StorageAssignmentSummary(cluster.Name, assignment.AccessMode, assignment.IsDefault, assignment.Forced, assignment.CreatedUtc);
        }, cancellationToken);

    /// <summary>Removes the BSL and its Secret from the cluster (backups in the bucket stay), then the assignment.</summary>
    public Task UnassignAsync(Actor actor, string location, string cluster, CancellationToken cancellationToken) =>
        audit.RunAsync(actor, AuditActions.StorageUnassign, async scope =>
        {
            scope.Target = new AuditTarget(Cluster: Short(cluster), Kind: "StorageLocation", Name: Short(location));
            actor.Require(Roles.Admin);
            var target = await ClusterService.FindAsync(scope.Db, cluster, scope.CancellationToken);
            var assignment = await scope.Db.StorageAssignments.Include(a => a.Location)
                .FirstOrDefaultAsync(a => a.ClusterId == target.Id && a.Location!.Name == location, scope.CancellationToken)
                ?? throw new NotFoundException($"{Short(location)} is not assigned to {Short(cluster)}.");
            scope.Db.StorageAssignments.Remove(assignment);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            await ClusterCallAsync(cluster, c => VeleroStorageWriter.DeleteAsync(c, VeleroNamespace, location, scope.CancellationToken), target.Id, scope.CancellationToken);
            return 0;
        }, cancellationToken);

    /// <summary>The cluster's BackupStorageLocations as Velero reports them: phase, last validation and message.</summary>
    public async Task<IReadOnlyList<ClusterStorageLocation>> ListClusterLocationsAsync(Actor actor, string cluster, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        int clusterId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            clusterId = (await ClusterService.FindAsync(db, cluster, cancellationToken)).Id;
        }
        IReadOnlyList<System.Text.Json.Nodes.JsonObject> items = [];
        await ClusterCallAsync(cluster, async c => items = await VeleroStorageWriter.ListAsync(c, VeleroNamespace, cancellationToken), clusterId, cancellationToken);
        return items.Select(i => new ClusterStorageLocation(
            (string)i["metadata"]!["name"]!,
            (string?)i["metadata"]?["labels"]?[BackupStorageLocationManifest.LocationLabel],
            (string?)i["spec"]?["objectStorage"]?["bucket"],
            (string?)i["spec"]?["objectStorage"]?["prefix"],
            (string?)i["spec"]?["accessMode"] ?? nameof(StorageAccessMode.ReadWrite),
            (bool?)i["spec"]?["default"] ?? false,
            (string?)i["status"]?["phase"],
            DateTime.TryParse((string?)i["status"]?["lastValidationTime"], null, System.Globalization.DateTimeStyles.AdjustToUniversal, out var t) ? t : null,
            (string?)i["status"]?["message"])).OrderBy(l => l.Name, StringComparer.Ordinal).ToList();
    }

    private string VeleroNamespace => clusterOptions.Value.VeleroNamespace;

    private Task ApplyToClusterAsync(int clusterId, string cluster, string location, S3Connection connection, StorageAccessMode mode, bool isDefault, CancellationToken ct) =>
        ClusterCallAsync(cluster, c => VeleroStorageWriter.ApplyAsync(c, VeleroNamespace, location, connection, mode, isDefault, ct), clusterId, ct);

    private async Task ClusterCallAsync(string cluster, Func<k8s.IKubernetes, Task> call, int clusterId, CancellationToken ct)
    {
        try
        {
            await call(await clients.GetAsync(clusterId, ct));
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new ClusterUnavailableException($"Cluster {cluster}: {VeleroStorageWriter.Describe(ex)}", ex);
        }
    }

    /// <summary>Clusters other than <paramref name="clusterId"/> assigned ReadWrite to a location on the same endpoint, bucket and prefix.</summary>
    private async Task<List<string>> OtherWritersAsync(Data.AppDbContext db, S3Connection target, int clusterId, CancellationToken ct)
    {
        var writers = await db.StorageAssignments.AsNoTracking().Include(a => a.Location).Include(a => a.Cluster)
            .Where(a => a.AccessMode == StorageAccessMode.ReadWrite && a.ClusterId != clusterId).ToListAsync(ct);
        var result = new List<string>();
        foreach (var w in writers)
        {
            var other = await ConnectionAsync(w.Location!, ct);
            if (SameRoot(other, target))
            {
                result.Add($"{w.Cluster!.Name} (location {w.Location!.Name})");
            }
        }
        return result;
    }

    private static bool SameRoot(S3Connection a, S3Connection b) =>
        a.Endpoint.Host.Equals(b.Endpoint.Host, StringComparison.OrdinalIgnoreCase) && a.Endpoint.Port == b.Endpoint.Port
        && a.Bucket == b.Bucket && a.Prefix == b.Prefix;
}
