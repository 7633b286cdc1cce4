using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Kubernetes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Backups;

/// <summary>
/// Keeps a backup beyond its TTL. Velero's garbage collection deletes a backup once <c>status.expiration</c> has passed, so a pin
/// moves that expiry a century ahead, remembering the original in an annotation; unpin puts it back.
/// </summary>
public sealed class BackupPinService(IDbContextFactory<AppDbContext> dbFactory, IKubernetesClientFactory clients, IAuditLog audit,
    BackupChanges changes, TimeProvider time, IOptions<ClustersOptions> clusterOptions)
{
    public const string PinAction = "backup.pin";
    public const string UnpinAction = "backup.unpin";
    public const string PinnedLabel = "dataprotection.io/pinned";
    public const string OriginalExpirationAnnotation = "dataprotection.io/original-expiration";

    /// <summary>How far ahead a pinned backup's expiry is moved.</summary>
    public static readonly TimeSpan PinnedFor = TimeSpan.FromDays(36525);

    /// <summary>Operator; audited as <see cref="PinAction"/>. Pinning a pinned backup changes nothing.</summary>
    public Task<PinResult> PinBackupAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>Operator; audited as <see cref="UnpinAction"/>. Restores the original expiry and warns when it has already passed.</summary>
    public Task<PinResult> UnpinBackupAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    internal IDbContextFactory<AppDbContext> DbFactory => dbFactory;
    internal IKubernetesClientFactory Clients => clients;
    internal IAuditLog Audit => audit;
    internal BackupChanges Changes => changes;
    internal TimeProvider Time => time;
    internal string VeleroNamespace => clusterOptions.Value.VeleroNamespace;
}
