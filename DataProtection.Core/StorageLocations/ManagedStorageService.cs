using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Secrets;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.StorageLocations;

/// <summary>The dashboard's own S3 account, set once by an Admin; without one, <see cref="IManagedStorageDefaults"/> supplies it.</summary>
public sealed class ManagedStorageService(
    IDbContextFactory<AppDbContext> dbFactory,
    IAuditLog audit,
    ISecretProtector secrets,
    S3Probe probe,
    IEnumerable<IManagedStorageDefaults> defaults,
    TimeProvider time)
{
    public const string SecretPurpose = "storage-credentials";

    public async Task<ManagedAccountSummary?> GetAccountAsync(Actor actor, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.ManagedStorageAccounts.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (stored is not null)
        {
            return new ManagedAccountSummary(stored.Endpoint, stored.Region, stored.Bucket, stored.ForcePathStyle, stored.CaBundle is not null,
                stored.InsecureSkipTlsVerify, true, stored.Encryption, stored.KmsKeyId, false, stored.UpdatedUtc);
        }
        return Defaults() is { } d
            ? new ManagedAccountSummary(d.Endpoint ?? "", d.Region ?? "", d.Bucket ?? "", d.ForcePathStyle, d.CaBundle is not null, d.InsecureSkipTlsVerify,
                true, d.Encryption, d.KmsKeyId, true, null)
            : null;
    }

    /// <summary>Validates against S3 first; nothing is saved when it fails. Blank keys keep the stored ones.</summary>
    public async Task<ManagedAccountSummary> SaveAccountAsync(Actor actor, ManagedAccountInput input, CancellationToken cancellationToken)
    {
        S3Connection? connection = null;
        Exception? failure = null;
        if (actor.IsInRole(Roles.Admin))
        {
            try
            {
                connection = await ParseAsync(input, cancellationToken);
                var result = await probe.ValidateAsync(connection, cancellationToken);
                failure = result.Succeeded ? null : new ValidationException(result.Field!, result.Error!);
            }
            catch (ValidationException ex)
            {
                failure = ex;
            }
        }
        await audit.RunAsync(actor, AuditActions.StorageManagedAccountUpdate, async scope =>
        {
            scope.Target = new AuditTarget(Kind: "ManagedStorage", Name: input.Bucket);
            scope.Parameters = new { input.Endpoint, input.Region, input.Bucket, input.Encryption, input.KmsKeyId, input.InsecureSkipTlsVerify, keysChanged = !string.IsNullOrWhiteSpace(input.SecretKey) };
            actor.Require(Roles.Admin);
            if (failure is ValidationException v)
            {
                throw new ValidationException(v.Field, v.Message);
            }
            var row = await scope.Db.ManagedStorageAccounts.FirstOrDefaultAsync(scope.CancellationToken);
            if (row is null)
            {
                row = new ManagedStorageAccount();
                scope.Db.ManagedStorageAccounts.Add(row);
            }
            var c = connection!;
            (row.Endpoint, row.Region, row.Bucket, row.ForcePathStyle, row.CaBundle, row.InsecureSkipTlsVerify) =
                (c.Endpoint.ToString(), c.Region, c.Bucket, c.ForcePathStyle, c.CaBundle, c.InsecureSkipTlsVerify);
            row.ProtectedAccessKey = secrets.Protect(SecretPurpose, c.AccessKey);
            row.ProtectedSecretKey = secrets.Protect(SecretPurpose, c.SecretKey);
            (row.Encryption, row.KmsKeyId) = (c.Encryption, c.KmsKeyId);
            row.UpdatedUtc = time.GetUtcNow().UtcDateTime;
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return 0;
        }, cancellationToken);
        return (await GetAccountAsync(actor, cancellationToken))!;
    }

    /// <summary>The managed account's connection with <paramref name="prefix"/>; throws when none is configured.</summary>
    internal async Task<S3Connection> ConnectionAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ManagedStorageAccounts.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (row is not null)
        {
            return new S3Connection(new Uri(row.Endpoint), row.Region, row.Bucket, prefix, row.ForcePathStyle, row.CaBundle, row.InsecureSkipTlsVerify,
                secrets.Unprotect(SecretPurpose, row.ProtectedAccessKey), secrets.Unprotect(SecretPurpose, row.ProtectedSecretKey), row.Encryption, row.KmsKeyId);
        }
        var d = Defaults() ?? throw new ValidationException("managedStorage", "Managed storage is not configured: an Admin sets the dashboard's S3 account under Settings.");
        return Parse(d, null) with { Prefix = prefix };
    }

    private ManagedAccountInput? Defaults() => defaults.Select(d => d.Get()).FirstOrDefault(d => d is not null);

    private async Task<S3Connection> ParseAsync(ManagedAccountInput input, CancellationToken cancellationToken)
    {
        ManagedStorageAccount? stored = null;
        if (string.IsNullOrWhiteSpace(input.AccessKey) && string.IsNullOrWhiteSpace(input.SecretKey))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            stored = await db.ManagedStorageAccounts.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        }
        return Parse(input, stored);
    }

    private S3Connection Parse(ManagedAccountInput input, ManagedStorageAccount? stored)
    {
        var endpoint = StorageInput.Endpoint(input.Endpoint);
        var region = StorageInput.Region(input.Region);
        var bucket = StorageInput.Bucket(input.Bucket);
        var ca = StorageInput.CaBundle(input.CaBundle);
        var accessKey = stored is null ? StorageInput.Key(input.AccessKey, "accessKey", "access key") : secrets.Unprotect(SecretPurpose, stored.ProtectedAccessKey);
        var secretKey = stored is null ? StorageInput.Key(input.SecretKey, "secretKey", "secret key") : secrets.Unprotect(SecretPurpose, stored.ProtectedSecretKey);
        var kms = input.Encryption == StorageEncryption.SseKms
            ? StorageInput.Key(input.KmsKeyId, "kmsKeyId", "KMS key id (SSE-KMS needs one)")
            : null;
        return new S3Connection(endpoint, region, bucket, "", input.ForcePathStyle, ca, input.InsecureSkipTlsVerify, accessKey, secretKey, input.Encryption, kms);
    }
}
