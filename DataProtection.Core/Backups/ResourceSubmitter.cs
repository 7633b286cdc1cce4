using System.Text.Json.Nodes;
using DataProtection.Core.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Backups;

/// <summary>What to create: a whole CR (apiVersion, kind, metadata.name and namespace set) on a registered cluster.</summary>
public sealed record SubmissionRequest(int ClusterId, string ClusterName, JsonObject Resource, string? RequestedBy, BackupAwait? Await = null);

/// <summary>Create the CR only once Velero Backup <paramref name="BackupPath"/> shows on the cluster, from <paramref name="Location"/>, before <paramref name="DeadlineUtc"/>.</summary>
public sealed record BackupAwait(string BackupPath, string Location, DateTime DeadlineUtc);

/// <summary>
/// Creates custom resources exactly once through <see cref="SubmitResourceJob"/>: the CR's name and JSON are stored first, tagged
/// with a submission id, and the job treats "already exists, with our id" as done, so retries, a second run or a restart
/// between enqueue and completion never create a second object.
/// </summary>
public sealed class ResourceSubmitter(IDbContextFactory<AppDbContext> dbFactory, IBackgroundJobClient jobs, TimeProvider time)
{
    public const string SubmissionAnnotation = "dataprotection.io/submission";

    /// <summary>
    /// Records the submission in <paramref name="db"/> (so it commits or rolls back with the caller's transaction, e.g. an audit
    /// scope's) without enqueueing; call <see cref="EnqueueAsync(ResourceSubmission, CancellationToken)"/> once committed.
    /// Pending submissions never enqueued (a crash in between) are enqueued when the dashboard starts.
    /// </summary>
    public async Task<ResourceSubmission> AddAsync(AppDbContext db, SubmissionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resource = request.Resource.DeepClone().AsObject();
        var metadata = resource["metadata"] as JsonObject ?? throw new ArgumentException("The resource has no metadata.", nameof(request));
        var name = (string?)metadata["name"];
        var kind = (string?)resource["kind"];
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(kind) || string.IsNullOrEmpty((string?)resource["apiVersion"]))
        {
            throw new ArgumentException("The resource needs apiVersion, kind and metadata.name: the name is fixed before submission.", nameof(request));
        }
        var submission = new ResourceSubmission
        {
            SubmissionId = Guid.NewGuid(),
            ClusterId = request.ClusterId,
            ClusterName = request.ClusterName,
            Kind = kind,
            Namespace = (string?)metadata["namespace"] ?? "",
            Name = name,
            RequestedBy = request.RequestedBy,
            SubmittedUtc = time.GetUtcNow().UtcDateTime,
            AwaitBackupPath = request.Await?.BackupPath,
            AwaitLocation = request.Await?.Location,
            AwaitDeadlineUtc = request.Await?.DeadlineUtc,
        };
        var annotations = metadata["annotations"] as JsonObject ?? [];
        annotations[SubmissionAnnotation] = submission.SubmissionId.ToString();
        metadata["annotations"] = annotations;
        submission.ResourceJson = resource.ToJsonString();
        db.Submissions.Add(submission);
        await db.SaveChangesAsync(cancellationToken);
        return submission;
    }

    /// <summary>Enqueues the job for a committed submission and stores its job id; returns the job id.</summary>
    public async Task<string> EnqueueAsync(ResourceSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var id = submission.Id;
        var job = Hangfire.Common.Job.FromExpression<SubmitResourceJob>(j => j.RunAsync(id, null, CancellationToken.None));
        // A submission that waits (for a synced backup) watches for minutes: it runs on the wait queue's own workers.
        var jobId = jobs.Create(job, new Hangfire.States.EnqueuedState(submission.AwaitBackupPath is null ? Hangfire.States.EnqueuedState.DefaultQueue : Jobs.JobsOptions.WaitQueue));
        submission.JobId = jobId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Not cancellable: the job is queued now, and the row should say which one.
        await db.Submissions.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.JobId, jobId), CancellationToken.None);
        return jobId;
    }

    /// <summary>Both steps in one call, in a context of its own: the usual entry point.</summary>
    public async Task<ResourceSubmission> EnqueueAsync(SubmissionRequest request, CancellationToken cancellationToken)
    {
        ResourceSubmission submission;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            submission = await AddAsync(db, request, cancellationToken);
        }
        await EnqueueAsync(submission, cancellationToken);
        return submission;
    }

    public async Task<ResourceSubmission?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Submissions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    /// <summary>Enqueues Pending submissions that never got a job (the process stopped between commit and enqueue); returns how many.</summary>
    public async Task<int> EnqueueOrphansAsync(CancellationToken cancellationToken)
    {
        List<ResourceSubmission> orphans;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            orphans = await db.Submissions.AsNoTracking().Where(s => s.State == SubmissionState.Pending && s.JobId == null).ToListAsync(cancellationToken);
        }
        foreach (var orphan in orphans)
        {
            await EnqueueAsync(orphan, cancellationToken);
        }
        return orphans.Count;
    }

    /// <summary><c>apis/velero.io/v1/namespaces/velero/backups</c> from the object's apiVersion, kind and namespace.</summary>
    internal static string CollectionPath(JsonObject resource) => Kubernetes.KubeApi.CollectionPath((string)resource["apiVersion"]!,
        ((string)resource["kind"]!).ToLowerInvariant() + "s", (string?)resource["metadata"]?["namespace"]);
}
