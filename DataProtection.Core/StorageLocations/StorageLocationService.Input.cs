using DataProtection.Core.Common;
using DataProtection.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.StorageLocations;

public sealed partial class StorageLocationService
{
    /// <summary>Local checks, then the S3 probe; the outcome is carried into the audited transaction and rethrown there.</summary>
    private async Task<Prepared> PrepareAsync(StorageLocationInput input, string? existing, CancellationToken cancellationToken)
    {
        try
        {
            var name = existing ?? StorageInput.Name(input.Name);
            var connection = await ParseAsync(input, existing, cancellationToken);
            var result = await probe.ValidateAsync(connection, cancellationToken);
            return result.Succeeded ? new Prepared(name, connection, null) : new Prepared(name, null, new ValidationException(result.Field!, result.Error!));
        }
        catch (ValidationException ex)
        {
            return new Prepared(null, null, ex);
        }
    }

    private async Task<S3Connection> ParseAsync(StorageLocationInput input, string? existing, CancellationToken cancellationToken)
    {
        if (existing is null)
        {
            StorageInput.Name(input.Name);
        }
        var endpoint = StorageInput.Endpoint(input.Endpoint);
        var region = StorageInput.Region(input.Region);
        var bucket = StorageInput.Bucket(input.Bucket);
        var prefix = StorageInput.Prefix(input.Prefix);
        var ca = StorageInput.CaBundle(input.CaBundle);
        StorageInput.Description(input.Description);
        string accessKey, secretKey;
        if (existing is not null && string.IsNullOrWhiteSpace(input.AccessKey) && string.IsNullOrWhiteSpace(input.SecretKey))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var row = await FindAsync(db.StorageLocations.AsNoTracking(), existing, cancellationToken);
            accessKey = secrets.Unprotect(ManagedStorageService.SecretPurpose, row.ProtectedAccessKey ?? "");
            secretKey = secrets.Unprotect(ManagedStorageService.SecretPurpose, row.ProtectedSecretKey ?? "");
        }
        else
        {
            accessKey = StorageInput.Key(input.AccessKey, "accessKey", "access key");
            secretKey = StorageInput.Key(input.SecretKey, "secretKey", "secret key");
        }
        return new S3Connection(endpoint, region, bucket, prefix, input.ForcePathStyle, ca, input.InsecureSkipTlsVerify, accessKey, secretKey);
    }

    private async Task<StorageLocationSummary> SummaryAsync(AppDbContext db, StorageLocation row, StorageUsagePoint? usage, CancellationToken cancellationToken)
    {
        var (endpoint, region, bucket) = (row.Endpoint, row.Region, row.Bucket);
        string? owner = null;
        if (row.Kind == StorageKind.Managed)
        {
            owner = await db.Clusters.Where(c => c.Id == row.OwnerClusterId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
            try
            {
                var c = await managed.ConnectionAsync(row.Prefix, cancellationToken);
                (endpoint, region, bucket) = (c.Endpoint.ToString(), c.Region, c.Bucket);
            }
            catch (ValidationException)
            {
                // The managed account was removed or its keys cannot be decrypted; the location is still listed.
            }
        }
        var assignments = row.Assignments.OrderBy(a => a.Cluster!.Name)
            .Select(a => new StorageAssignmentSummary(a.Cluster!.Name, a.AccessMode, a.IsDefault, a.Forced, a.CreatedUtc)).ToList();
        return new StorageLocationSummary(row.Name, row.Kind, row.Description, endpoint, region, bucket, row.Prefix, row.ForcePathStyle,
            row.CaBundle is not null, row.InsecureSkipTlsVerify, owner, assignments, usage, row.CreatedUtc, row.UpdatedUtc);
    }

    private static async Task<Dictionary<int, StorageUsagePoint>> LatestUsageAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var latest = await db.StorageUsageSamples.AsNoTracking()
            .GroupBy(s => s.StorageLocationId)
            .Select(g => g.OrderByDescending(s => s.TimeUtc).First())
            .ToListAsync(cancellationToken);
        return latest.ToDictionary(s => s.StorageLocationId, s => new StorageUsagePoint(s.TimeUtc, s.Bytes, s.Objects));
    }

    private readonly record struct Prepared(string? Name, S3Connection? Connection, Exception? Failure)
    {
        public (string Name, S3Connection Connection) Unwrap() => Failure switch
        {
            ValidationException v => throw new ValidationException(v.Field, v.Message),
            _ => (Name ?? "", Connection!),
        };
    }
}
