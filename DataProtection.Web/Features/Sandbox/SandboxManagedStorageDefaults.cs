using DataProtection.Core.StorageLocations;
using DataProtection.Sandbox.ObjectStore;

namespace DataProtection.Web.Features.Sandbox;

/// <summary>While the sandbox runs, the managed storage account defaults to its S3 endpoint, so a fresh run needs no settings.</summary>
internal sealed class SandboxManagedStorageDefaults : IManagedStorageDefaults
{
    public const string Bucket = "dataprotection";

    private volatile ManagedAccountInput? _account;

    public ManagedAccountInput? Get() => _account;

    public void Use(S3Server s3)
    {
        if (!s3.Store.BucketExists(Bucket))
        {
            s3.Store.CreateBucket(Bucket);
        }
        _account = new ManagedAccountInput(s3.Endpoint.ToString(), s3.Region, Bucket, ForcePathStyle: true, AccessKey: s3.AccessKey, SecretKey: s3.SecretKey);
    }

    public void Clear() => _account = null;
}
