using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Backups;

/// <summary>Creates backups from the dashboard: validated, checked against the cluster, then submitted exactly once.</summary>
public sealed class BackupSubmissionService(IDbContextFactory<AppDbContext> dbFactory, IKubernetesClientFactory clients, IAuditLog audit,
    ResourceSubmitter submitter, TimeProvider time, IOptions<ClustersOptions> clusterOptions)
{
    public const string CreateAction = "backup.create";

    public const int MaxNameLength = 63;

    private string Namespace => clusterOptions.Value.VeleroNamespace;

    private string VeleroPath => $"apis/velero.io/v1/namespaces/{Namespace}";

    /// <summary>
    /// Validates <paramref name="template"/> and <paramref name="name"/> (null → <see cref="DefaultName"/>), checks the cluster has
    /// data protection, the named storage location exists and no Backup of that name exists (live, in history or submitted), then
    /// records the submission and enqueues its job. Operator; audited as <see cref="CreateAction"/>. Bad input →
    /// <see cref="ValidationException"/> naming the field; a taken name → <see cref="ConflictException"/>; nothing is created.
    /// </summary>
    public async Task<SubmittedBackup> SubmitBackupAsync(Actor actor, string cluster, string? name, BackupTemplate template, CancellationToken cancellationToken)
    {
        var submission = await audit.RunAsync(actor, CreateAction, async scope =>
        {
            var ct = scope.CancellationToken;
            var backupName = name ?? DefaultName(template ?? new BackupTemplate(), time.GetUtcNow().UtcDateTime);
            scope.Target = new AuditTarget(ClusterService.ForAudit(cluster), "Backup", Namespace, ClusterService.ForAudit(backupName));
            actor.Require(Roles.Operator);
            ArgumentNullException.ThrowIfNull(template);
            BackupTemplateRules.CheckName("name", backupName, MaxNameLength);
            template.Validate();
            scope.Parameters = new { scope = template.Describe(), command = BackupSpecWriter.BackupCommand(backupName, template, Namespace) };
            var found = await ClusterService.FindAsync(scope.Db, cluster, ct);
            if (!await ProtectionStateStore.IsProtectedAsync(scope.Db, found, ct))
            {
                throw new ValidationException("cluster", $"cluster: {found.Name} has no data protection (Velero is not installed); enable it first.");
            }
            var client = await clients.GetAsync(found.Id, ct);
            if (template.StorageLocation is { } location && await client.GetAsync($"{VeleroPath}/backupstoragelocations/{location}", ct) is null)
            {
                throw new ValidationException("storageLocation", $"storageLocation: there is no backup storage location '{location}' on {found.Name}.");
            }
            await EnsureNameFreeAsync(scope.Db, client, found, backupName, ct);
            var resource = BackupSpecWriter.Backup(backupName, Namespace, template, actor.Name);
            var added = await submitter.AddAsync(scope.Db, new SubmissionRequest(found.Id, found.Name, resource, actor.Name), ct);
            scope.Parameters = new { scope = template.Describe(), command = BackupSpecWriter.BackupCommand(backupName, template, Namespace), submission = added.SubmissionId };
            return added;
        }, cancellationToken);
        // After the commit, so the job always finds its row; a stop right here is caught by SubmissionRecovery at the next start.
        var jobId = await submitter.EnqueueAsync(submission, CancellationToken.None);
        return new SubmittedBackup(submission.ClusterName, submission.Name, jobId);
    }

    /// <summary><c>&lt;first namespace or "backup"&gt;-yyyyMMddHHmmss</c>, shortened to fit <see cref="MaxNameLength"/>.</summary>
    public static string DefaultName(BackupTemplate template, DateTime utcNow)
    {
        ArgumentNullException.ThrowIfNull(template);
        var first = template.Namespaces == NamespaceScope.Selected ? template.IncludedNamespaces.FirstOrDefault() : null;
        var prefix = first is not null && first.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') ? first : "backup";
        var suffix = "-" + utcNow.ToUniversalTime().ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        prefix = prefix[..Math.Min(prefix.Length, MaxNameLength - suffix.Length)].TrimEnd('-');
        return (prefix.Length == 0 ? "backup" : prefix) + suffix;
    }

    /// <summary>The latest submission of a Backup named <paramref name="name"/> on the cluster, or null. Viewer.</summary>
    public async Task<SubmissionStatus?> GetSubmissionAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await ClusterService.FindAsync(db, cluster, cancellationToken);
        var submission = await db.Submissions.AsNoTracking().Where(s => s.ClusterId == found.Id && s.Kind == "Backup" && s.Name == name)
            .OrderByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken);
        return submission is null ? null : SubmissionStatus.From(submission);
    }

    private async Task EnsureNameFreeAsync(AppDbContext db, k8s.Kubernetes client, Cluster cluster, string name, CancellationToken ct)
    {
        if (await client.GetAsync($"{VeleroPath}/backups/{name}", ct) is not null)
        {
            throw new ConflictException($"A backup named {name} already exists on {cluster.Name}; choose another name.");
        }
        if (await db.BackupRecords.AnyAsync(b => b.ClusterId == cluster.Id && b.Name == name, ct))
        {
            throw new ConflictException($"A backup named {name} is in {cluster.Name}'s history (expired or deleted); choose another name so the history stays unambiguous.");
        }
        if (await db.Submissions.AnyAsync(s => s.ClusterId == cluster.Id && s.Kind == "Backup" && s.Name == name && s.State != SubmissionState.Failed, ct))
        {
            throw new ConflictException($"A backup named {name} has already been submitted on {cluster.Name}; choose another name.");
        }
    }
}
