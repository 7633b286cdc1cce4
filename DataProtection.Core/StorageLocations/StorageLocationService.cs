using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.StorageLocations;

/// <summary>
/// Storage locations: customer buckets and per-cluster prefixes of the managed account, and their assignment to clusters as
/// Velero BackupStorageLocations. Admin mutates (validated against S3 first, audited); Viewers read.
/// </summary>
public sealed partial class StorageLocationService(
    IDbContextFactory<AppDbContext> dbFactory,
    IAuditLog audit,
    ISecretProtector secrets,
    S3Probe probe,
    ManagedStorageService managed,
    IKubernetesClientFactory clients,
    IOptions<ClustersOptions> clusterOptions,
    TimeProvider time)
{
    public async Task<IReadOnlyList<StorageLocationSummary>> ListLocationsAsync(Actor actor, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Query(db).OrderBy(l => l.Name).ToListAsync(cancellationToken);
        var usage = await LatestUsageAsync(db, cancellationToken);
        var summaries = new List<StorageLocationSummary>(rows.Count);
        foreach (var row in rows)
        {
            // One at a time: a DbContext allows no concurrent queries.
            summaries.Add(await SummaryAsync(db, row, usage.GetValueOrDefault(row.Id), cancellationToken));
        }
        return summaries;
    }

    public async Task<StorageLocationSummary> GetLocationAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await FindAsync(Query(db), name, cancellationToken);
        var usage = await LatestUsageAsync(db, cancellationToken);
        return await SummaryAsync(db, row, usage.GetValueOrDefault(row.Id), cancellationToken);
    }

    /// <summary>Checks the input and the bucket without saving anything. Admin only: it reaches any URL the caller names.</summary>
    public async Task<StorageValidationResult> ValidateAsync(Actor actor, StorageLocationInput input, string? existing, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Admin);
        try
        {
            var connection = await ParseAsync(input, existing, cancellationToken);
            return await probe.ValidateAsync(connection, cancellationToken);
        }
        catch (ValidationException ex)
        {
            return new StorageValidationResult(false, ex.Field, ex.Message);
        }
    }

    public async Task<StorageLocationSummary> CreateLocationAsync(Actor actor, StorageLocationInput input, CancellationToken cancellationToken)
    {
        // S3 is contacted before the audited transaction, so the audit writer is not held while an endpoint times out.
        var prepared = actor.IsInRole(Roles.Admin) ? await PrepareAsync(input, null, cancellationToken) : default;
        var name = await audit.RunAsync(actor, AuditActions.StorageCreate, async scope =>
        {
            scope.Target = new AuditTarget(Kind: "StorageLocation", Name: Short(input.Name));
            scope.Parameters = AuditParameters(input);
            actor.Require(Roles.Admin);
            var (name, c) = prepared.Unwrap();
            if (await scope.Db.StorageLocations.AnyAsync(l => l.Name == name, scope.CancellationToken))
            {
                throw new ConflictException($"A storage location named {name} already exists.");
            }
            var now = time.GetUtcNow().UtcDateTime;
            var row = new StorageLocation { Name = name, Kind = StorageKind.Customer, CreatedUtc = now };
            Apply(row, input, c);
            scope.Db.StorageLocations.Add(row);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return name;
        }, cancellationToken);
        return await GetLocationAsync(actor, name, cancellationToken);
    }

    /// <summary>Saves new settings and rewrites the Secret and BSL in every assigned cluster; if a cluster fails, nothing is saved.</summary>
    public async Task<StorageLocationSummary> UpdateLocationAsync(Actor actor, string name, StorageLocationInput input, CancellationToken cancellationToken)
    {
        var prepared = actor.IsInRole(Roles.Admin) ? await PrepareAsync(input with { Name = name }, name, cancellationToken) : default;
        await audit.RunAsync(actor, AuditActions.StorageUpdate, async scope =>
        {
            scope.Target = new AuditTarget(Kind: "StorageLocation", Name: Short(name));
            scope.Parameters = AuditParameters(input);
            actor.Require(Roles.Admin);
            var (_, c) = prepared.Unwrap();
            var row = await FindAsync(scope.Db.StorageLocations.Include(l => l.Assignments).ThenInclude(a => a.Cluster), name, scope.CancellationToken);
            if (row.Kind == StorageKind.Managed)
            {
                throw new ValidationException("name", "Managed locations follow the managed account; change it under Settings.");
            }
            Apply(row, input, c);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            foreach (var assignment in row.Assignments)
            {
                await ApplyToClusterAsync(assignment.ClusterId, assignment.Cluster!.Name, row.Name, c, assignment.AccessMode, assignment.IsDefault, scope.CancellationToken);
            }
            return 0;
        }, cancellationToken);
        return await GetLocationAsync(actor, name, cancellationToken);
    }

    public Task DeleteLocationAsync(Actor actor, string name, CancellationToken cancellationToken) =>
        audit.RunAsync(actor, AuditActions.StorageDelete, async scope =>
        {
            scope.Target = new AuditTarget(Kind: "StorageLocation", Name: Short(name));
            actor.Require(Roles.Admin);
            var row = await FindAsync(scope.Db.StorageLocations.Include(l => l.Assignments).ThenInclude(a => a.Cluster), name, scope.CancellationToken);
            if (row.Assignments.Count > 0)
            {
                throw new ConflictException($"{name} is still assigned to {string.Join(", ", row.Assignments.Select(a => a.Cluster!.Name))}; unassign it first.");
            }
            scope.Db.StorageLocations.Remove(row);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return 0;
        }, cancellationToken);

    /// <summary>The cluster's managed location (prefix <c>clusters/&lt;cluster&gt;</c> in the managed bucket), created and validated on first use.</summary>
    public async Task<StorageLocationSummary> EnsureManagedLocationAsync(Actor actor, string cluster, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Admin);
        var name = ManagedName(cluster);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.StorageLocations.AnyAsync(l => l.Name == name, cancellationToken))
            {
                return await GetLocationAsync(actor, name, cancellationToken);
            }
        }
        var connection = await managed.ConnectionAsync($"clusters/{cluster}", cancellationToken);
        var result = await probe.ValidateAsync(connection, cancellationToken);
        await audit.RunAsync(actor, AuditActions.StorageCreate, async scope =>
        {
            scope.Target = new AuditTarget(Cluster: Short(cluster), Kind: "StorageLocation", Name: name);
            scope.Parameters = new { kind = StorageKind.Managed, prefix = connection.Prefix };
            var owner = await ClusterService.FindAsync(scope.Db, cluster, scope.CancellationToken);
            if (!result.Succeeded)
            {
                throw new ValidationException("managedStorage", $"The managed storage account cannot be used: {result.Error}");
            }
            var now = time.GetUtcNow().UtcDateTime;
            scope.Db.StorageLocations.Add(new StorageLocation
            {
                Name = name, Kind = StorageKind.Managed, Description = $"Managed storage for {cluster}", Prefix = connection.Prefix,
                OwnerClusterId = owner.Id, CreatedUtc = now, UpdatedUtc = now,
            });
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return 0;
        }, cancellationToken);
        return await GetLocationAsync(actor, name, cancellationToken);
    }

    /// <summary>The cluster's managed location, or null before <see cref="EnsureManagedLocationAsync"/> created it.</summary>
    public async Task<StorageLocationSummary?> GetManagedLocationAsync(Actor actor, string cluster, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var exists = await db.StorageLocations.AnyAsync(l => l.Name == ManagedName(cluster), cancellationToken);
        return exists ? await GetLocationAsync(actor, ManagedName(cluster), cancellationToken) : null;
    }

    public static string ManagedName(string cluster) => $"managed-{cluster}";

    /// <summary>The bucket, prefix and plaintext keys of a stored location.</summary>
    internal async Task<S3Connection> ConnectionAsync(StorageLocation row, CancellationToken cancellationToken) => row.Kind == StorageKind.Managed
        ? await managed.ConnectionAsync(row.Prefix, cancellationToken)
        : new S3Connection(new Uri(row.Endpoint), row.Region, row.Bucket, row.Prefix, row.ForcePathStyle, row.CaBundle, row.InsecureSkipTlsVerify,
            secrets.Unprotect(ManagedStorageService.SecretPurpose, row.ProtectedAccessKey!), secrets.Unprotect(ManagedStorageService.SecretPurpose, row.ProtectedSecretKey!));

    private void Apply(StorageLocation row, StorageLocationInput input, S3Connection c)
    {
        row.Description = StorageInput.Description(input.Description);
        (row.Endpoint, row.Region, row.Bucket, row.Prefix) = (c.Endpoint.ToString(), c.Region, c.Bucket, c.Prefix);
        (row.ForcePathStyle, row.CaBundle, row.InsecureSkipTlsVerify) = (c.ForcePathStyle, c.CaBundle, c.InsecureSkipTlsVerify);
        row.ProtectedAccessKey = secrets.Protect(ManagedStorageService.SecretPurpose, c.AccessKey);
        row.ProtectedSecretKey = secrets.Protect(ManagedStorageService.SecretPurpose, c.SecretKey);
        row.UpdatedUtc = time.GetUtcNow().UtcDateTime;
    }

    private static IQueryable<StorageLocation> Query(AppDbContext db) =>
        db.StorageLocations.AsNoTracking().Include(l => l.Assignments).ThenInclude(a => a.Cluster);

    internal static async Task<StorageLocation> FindAsync(IQueryable<StorageLocation> query, string name, CancellationToken cancellationToken) =>
        await query.FirstOrDefaultAsync(l => l.Name == name, cancellationToken)
        ?? throw new NotFoundException($"There is no storage location named {Short(name)}.");

    internal static string Short(string? name) => ClusterService.ForAudit(name);

    private static object AuditParameters(StorageLocationInput i) => new
    {
        i.Endpoint, i.Region, i.Bucket, i.Prefix, i.ForcePathStyle, i.InsecureSkipTlsVerify, caBundle = i.CaBundle is not null, keysChanged = !string.IsNullOrWhiteSpace(i.SecretKey),
    };
}
