namespace DataProtection.Core.StorageLocations;

/// <summary>Everything needed to reach a bucket, with plaintext keys: never stored or logged as is.</summary>
public sealed record S3Connection(
    Uri Endpoint, string Region, string Bucket, string Prefix, bool ForcePathStyle, string? CaBundle, bool InsecureSkipTlsVerify,
    string AccessKey, string SecretKey, StorageEncryption Encryption = StorageEncryption.None, string? KmsKeyId = null)
{
    /// <summary>Velero's <c>&lt;root&gt;</c>: the prefix and a slash, or nothing.</summary>
    public string Root => Prefix.Length == 0 ? "" : Prefix + "/";

    public override string ToString() => $"{Endpoint} bucket {Bucket} prefix '{Prefix}'";
}

/// <summary>A customer-managed location as typed in the form or sent to the API. Blank keys on update keep the stored ones.</summary>
public sealed record StorageLocationInput(
    string? Name, string? Description, string? Endpoint, string? Region, string? Bucket, string? Prefix,
    bool ForcePathStyle = true, string? CaBundle = null, bool InsecureSkipTlsVerify = false, string? AccessKey = null, string? SecretKey = null);

public sealed record ManagedAccountInput(
    string? Endpoint, string? Region, string? Bucket, bool ForcePathStyle = true, string? CaBundle = null, bool InsecureSkipTlsVerify = false,
    string? AccessKey = null, string? SecretKey = null, StorageEncryption Encryption = StorageEncryption.None, string? KmsKeyId = null);

/// <summary>The managed account as shown to Admins: no keys, only whether they are set.</summary>
public sealed record ManagedAccountSummary(
    string Endpoint, string Region, string Bucket, bool ForcePathStyle, bool HasCaBundle, bool InsecureSkipTlsVerify,
    bool HasKeys, StorageEncryption Encryption, string? KmsKeyId, bool FromDefaults, DateTime? UpdatedUtc);

/// <summary>Defaults for the managed account when none is saved; the hosted sandbox provides its S3 endpoint this way.</summary>
public interface IManagedStorageDefaults
{
    ManagedAccountInput? Get();
}

public sealed record StorageAssignmentSummary(string Cluster, StorageAccessMode AccessMode, bool IsDefault, bool Forced, DateTime CreatedUtc);

public sealed record StorageLocationSummary(
    string Name, StorageKind Kind, string Description, string Endpoint, string Region, string Bucket, string Prefix,
    bool ForcePathStyle, bool HasCaBundle, bool InsecureSkipTlsVerify, string? OwnerCluster,
    IReadOnlyList<StorageAssignmentSummary> Assignments, StorageUsagePoint? LatestUsage, DateTime CreatedUtc, DateTime UpdatedUtc);

public sealed record StorageValidationResult(bool Succeeded, string? Field, string? Error)
{
    public static readonly StorageValidationResult Ok = new(true, null, null);
}

public sealed record AssignStorageRequest(string Cluster, StorageAccessMode AccessMode = StorageAccessMode.ReadWrite, bool MakeDefault = false, bool Force = false);

/// <summary>A BackupStorageLocation as the cluster reports it; <see cref="Location"/> is null for ones the dashboard did not create.</summary>
public sealed record ClusterStorageLocation(
    string Name, string? Location, string? Bucket, string? Prefix, string? AccessMode, bool IsDefault,
    string? Phase, DateTime? LastValidationTime, string? Message);

public sealed record StorageUsagePoint(DateTime TimeUtc, long Bytes, long Objects);

public sealed record ClusterStorageUsage(string Cluster, string Location, StorageUsagePoint? Latest);
