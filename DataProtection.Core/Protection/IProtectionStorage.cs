using DataProtection.Core.Common;
using k8s;

namespace DataProtection.Core.Protection;

/// <summary>
/// Where a newly protected cluster stores its backups. Implemented by the storage-locations feature; enabling fails with a
/// clear message while none is registered.
/// </summary>
public interface IProtectionStorage
{
    /// <summary>
    /// Makes sure the Secret <c>cloud-credentials</c> (key <c>cloud</c>) and a BackupStorageLocation with <c>spec.default: true</c>
    /// exist in <paramref name="veleroNamespace"/>, without changing them when they already do. Returns the location's name.
    /// </summary>
    /// <summary>
    /// Called before anything is written to the cluster, outside the audit writer: throws (naming the field) when the storage
    /// cannot be used, so an install never stops half-way for that reason.
    /// </summary>
    Task PrepareAsync(Actor actor, string cluster, CancellationToken cancellationToken) => Task.CompletedTask;

    Task<string> EnsureDefaultLocationAsync(Actor actor, string cluster, IKubernetes client, string veleroNamespace, CancellationToken cancellationToken);
}
