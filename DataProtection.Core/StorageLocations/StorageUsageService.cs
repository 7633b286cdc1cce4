using Amazon.S3.Model;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DataProtection.Core.StorageLocations;

/// <summary>Bytes and objects under each location's root, counted from paged ListObjectsV2 (1,000 keys a request, none per backup).</summary>
public sealed class StorageUsageService(
    IDbContextFactory<AppDbContext> dbFactory,
    StorageLocationService locations,
    S3ClientFactory clients,
    TimeProvider time,
    ILogger<StorageUsageService> logger)
{
    /// <summary>Scans every location and stores one sample each; a failing location is logged and the others still run.</summary>
    public async Task<int> RefreshUsageAsync(CancellationToken cancellationToken)
    {
        List<StorageLocation> rows;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            rows = await db.StorageLocations.AsNoTracking().ToListAsync(cancellationToken);
        }
        var failures = 0;
        foreach (var row in rows)
        {
            try
            {
                var (bytes, objects) = await CountAsync(await locations.ConnectionAsync(row, cancellationToken), cancellationToken);
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                db.StorageUsageSamples.Add(new StorageUsageSample { StorageLocationId = row.Id, Bytes = bytes, Objects = objects, TimeUtc = time.GetUtcNow().UtcDateTime });
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures++;
                logger.LogWarning(ex, "Counting the usage of storage location {Location} failed", row.Name);
            }
        }
        return failures;
    }

    public async Task<(long Bytes, long Objects)> CountAsync(S3Connection connection, CancellationToken cancellationToken)
    {
        using var s3 = clients.Create(connection);
        var request = new ListObjectsV2Request { BucketName = connection.Bucket, Prefix = connection.Root, MaxKeys = 1000 };
        long bytes = 0, objects = 0;
        while (true)
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var o in page.S3Objects ?? [])
            {
                bytes += o.Size ?? 0;
                objects++;
            }
            if (page.IsTruncated != true)
            {
                return (bytes, objects);
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task<IReadOnlyList<StorageUsagePoint>> GetUsageAsync(Actor actor, string location, DateTime sinceUtc, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await StorageLocationService.FindAsync(db.StorageLocations.AsNoTracking(), location, cancellationToken);
        return await db.StorageUsageSamples.AsNoTracking()
            .Where(s => s.StorageLocationId == row.Id && s.TimeUtc >= sinceUtc)
            .OrderBy(s => s.TimeUtc)
            .Select(s => new StorageUsagePoint(s.TimeUtc, s.Bytes, s.Objects))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Per cluster: the latest usage of each location it writes to (ReadOnly clusters only read what another one wrote).</summary>
    public async Task<IReadOnlyList<ClusterStorageUsage>> GetClusterUsageAsync(Actor actor, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var writers = await db.StorageAssignments.AsNoTracking()
            .Where(a => a.AccessMode == StorageAccessMode.ReadWrite)
            .Select(a => new { Cluster = a.Cluster!.Name, Location = a.Location!.Name, a.StorageLocationId })
            .ToListAsync(cancellationToken);
        var samples = await db.StorageUsageSamples.AsNoTracking()
            .GroupBy(s => s.StorageLocationId)
            .Select(g => g.OrderByDescending(s => s.TimeUtc).First())
            .ToDictionaryAsync(s => s.StorageLocationId, cancellationToken);
        return writers
            .Select(w => new ClusterStorageUsage(w.Cluster, w.Location,
                samples.TryGetValue(w.StorageLocationId, out var s) ? new StorageUsagePoint(s.TimeUtc, s.Bytes, s.Objects) : null))
            .OrderBy(u => u.Cluster, StringComparer.Ordinal).ThenBy(u => u.Location, StringComparer.Ordinal)
            .ToList();
    }
}
