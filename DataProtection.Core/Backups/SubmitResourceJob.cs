using System.Net;
using System.Text.Json.Nodes;
using DataProtection.Core.Data;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;
using Hangfire;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Backups;

/// <summary>
/// Creates one stored <see cref="ResourceSubmission"/>'s CR. Reentrant: a Created submission is left alone, and a 409 whose
/// existing object carries this submission's id counts as success; a 409 for anyone else's object fails it for good.
/// Transient failures are rethrown for Hangfire to retry; the last attempt's failure marks the submission Failed.
/// </summary>
public sealed class SubmitResourceJob(IDbContextFactory<AppDbContext> dbFactory, IKubernetesClientFactory clients, TimeProvider time,
    ILogger<SubmitResourceJob> logger)
{
    public const int Attempts = 5;

    [AutomaticRetry(Attempts = Attempts, DelaysInSeconds = [5, 15, 60, 300, 900], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(long submissionId, PerformContext? context, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var submission = await db.Submissions.FirstOrDefaultAsync(s => s.Id == submissionId, cancellationToken);
        if (submission is null || submission.State != SubmissionState.Pending)
        {
            logger.LogInformation("Submission {Submission} is {State}; nothing to do", submissionId, submission?.State.ToString() ?? "gone");
            return;
        }
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["Cluster"] = submission.ClusterName, ["Kind"] = submission.Kind, ["Namespace"] = submission.Namespace, ["Name"] = submission.Name,
        });
        submission.Attempts++;
        try
        {
            var outcome = await AwaitBackupAsync(submission, cancellationToken) ?? await CreateAsync(submission, cancellationToken);
            Finish(submission, outcome is null ? SubmissionState.Created : SubmissionState.Failed, outcome);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var permanent = IsPermanent(ex);
            var last = (context?.GetJobParameter<int>("RetryCount") ?? 0) >= Attempts;
            submission.Error = Trim(ex.Message);
            if (permanent || last)
            {
                Finish(submission, SubmissionState.Failed, submission.Error);
            }
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogWarning(ex, "Could not create {Kind} {Name} in {Cluster} (attempt {Attempt})", submission.Kind, submission.Name, submission.ClusterName, submission.Attempts);
            if (permanent)
            {
                return;
            }
            throw;
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Null when there is nothing to wait for or the awaited Backup is restorable; otherwise why nothing may be created.</summary>
    private async Task<string?> AwaitBackupAsync(ResourceSubmission submission, CancellationToken ct)
    {
        if (submission.AwaitBackupPath is null)
        {
            return null;
        }
        var client = await clients.GetAsync(submission.ClusterId, ct);
        logger.LogInformation("Waiting for {Backup} to show on {Cluster} through location {Location} before creating {Kind} {Name}",
            submission.AwaitBackupPath, submission.ClusterName, submission.AwaitLocation, submission.Kind, submission.Name);
        return await BackupAwaiter.WaitAsync(client, submission, time, ct);
    }

    /// <summary>Null when the object now exists as ours; otherwise why it cannot be created.</summary>
    private async Task<string?> CreateAsync(ResourceSubmission submission, CancellationToken ct)
    {
        var resource = JsonNode.Parse(submission.ResourceJson)!.AsObject();
        var collection = ResourceSubmitter.CollectionPath(resource);
        var client = await clients.GetAsync(submission.ClusterId, ct);
        try
        {
            await client.CreateAsync(collection, resource, ct);
            logger.LogInformation("Created {Kind} {Name} in {Cluster}", submission.Kind, submission.Name, submission.ClusterName);
            return null;
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await client.GetAsync($"{collection}/{submission.Name}", ct);
            var owner = (string?)existing?["metadata"]?["annotations"]?[ResourceSubmitter.SubmissionAnnotation];
            if (owner == submission.SubmissionId.ToString())
            {
                logger.LogInformation("{Kind} {Name} in {Cluster} was already created by this submission", submission.Kind, submission.Name, submission.ClusterName);
                return null;
            }
            if (existing is null)
            {
                // Gone between our POST and GET (deleted meanwhile): retry creates it.
                throw;
            }
            return $"A {submission.Kind} named {submission.Name} already exists on {submission.ClusterName} and was not created by this submission; nothing was created.";
        }
    }

    private void Finish(ResourceSubmission submission, SubmissionState state, string? error)
    {
        submission.State = state;
        submission.Error = error;
        submission.CompletedUtc = time.GetUtcNow().UtcDateTime;
    }

    // The API server refused the object itself (invalid, forbidden, namespace missing): retrying sends the same request.
    private static bool IsPermanent(Exception ex) => ex switch
    {
        KubernetesApiException k => (int)k.StatusCode is >= 400 and < 500 and not 408 and not 429 and not 409,
        Common.NotFoundException => true,
        _ => false,
    };

    private static string Trim(string message) => message.Length > 2000 ? message[..2000] : message;
}
