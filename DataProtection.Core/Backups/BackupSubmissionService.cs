using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Kubernetes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Backups;

/// <summary>Creates backups from the dashboard: validated, checked against the cluster, then submitted exactly once.</summary>
public sealed class BackupSubmissionService(IDbContextFactory<AppDbContext> dbFactory, IKubernetesClientFactory clients, IAuditLog audit,
    ResourceSubmitter submitter, TimeProvider time, IOptions<ClustersOptions> clusterOptions)
{
    public const string CreateAction = "backup.create";

    public const int MaxNameLength = 63;

    /// <summary>
    /// Validates <paramref name="template"/> and <paramref name="name"/> (null → <see cref="DefaultName"/>), checks the cluster has
    /// data protection, the named storage location exists and no Backup of that name exists (live, in history or submitted), then
    /// records the submission and enqueues its job. Operator; audited as <see cref="CreateAction"/>. Bad input →
    /// <see cref="ValidationException"/> naming the field; a taken name → <see cref="ConflictException"/>; nothing is created.
    /// </summary>
    public Task<SubmittedBackup> SubmitBackupAsync(Actor actor, string cluster, string? name, BackupTemplate template, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary><c>&lt;first namespace or "backup"&gt;-yyyyMMddHHmmss</c>, shortened to fit <see cref="MaxNameLength"/>.</summary>
    public static string DefaultName(BackupTemplate template, DateTime utcNow) => throw new NotImplementedException();

    /// <summary>The latest submission of a Backup named <paramref name="name"/> on the cluster, or null. Viewer.</summary>
    public Task<SubmissionStatus?> GetSubmissionAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    internal IDbContextFactory<AppDbContext> DbFactory => dbFactory;
    internal IKubernetesClientFactory Clients => clients;
    internal IAuditLog Audit => audit;
    internal ResourceSubmitter Submitter => submitter;
    internal TimeProvider Time => time;
    internal string VeleroNamespace => clusterOptions.Value.VeleroNamespace;
}
