using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;

namespace DataProtection.Core.Backups;

/// <summary>
/// Waits, by LIST then WATCH on the one name (no polling), until a submission's awaited Backup shows on the cluster with a
/// final phase from the awaited location. Returns null when it is restorable, otherwise why the submission must fail: the
/// deadline passed (naming the location, the backup and what Velero says about the location), or the backup that showed
/// cannot be restored.
/// </summary>
internal static class BackupAwaiter
{
    private const int MaxWatchSeconds = 300;

    public static async Task<string?> WaitAsync(k8s.Kubernetes client, ResourceSubmission submission, TimeProvider time, CancellationToken ct)
    {
        var path = submission.AwaitBackupPath!;
        var (collection, name) = (path[..path.LastIndexOf('/')], path[(path.LastIndexOf('/') + 1)..]);
        var remaining = submission.AwaitDeadlineUtc!.Value - time.GetUtcNow().UtcDateTime;
        if (remaining <= TimeSpan.Zero)
        {
            return await ExpiredAsync(client, submission, collection, name, ct);
        }
        using var deadline = new CancellationTokenSource(remaining, time);
        if (time.GetUtcNow().UtcDateTime >= submission.AwaitDeadlineUtc.Value)
        {
            // The clock passed the deadline while the timer was being set up (it would fire one period late).
            await deadline.CancelAsync();
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            return await WatchAsync(client, submission, collection, name, time, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return await ExpiredAsync(client, submission, collection, name, ct);
        }
    }

    private static async Task<string?> WatchAsync(k8s.Kubernetes client, ResourceSubmission submission, string collection, string name, TimeProvider time,
        CancellationToken ct)
    {
        var selector = "fieldSelector=" + Uri.EscapeDataString("metadata.name=" + name);
        while (true)
        {
            var list = await client.GetAsync($"{collection}?{selector}", ct)
                ?? throw new KubernetesApiException(HttpStatusCode.NotFound, $"{collection} does not exist on {submission.ClusterName}.");
            if (list["items"]?.AsArray().OfType<JsonObject>().FirstOrDefault() is { } found && Verdict(submission, found) is { } listed)
            {
                return listed.Error;
            }
            var version = (string?)list["metadata"]?["resourceVersion"] ?? "0";
            var seconds = (int)Math.Clamp((submission.AwaitDeadlineUtc!.Value - time.GetUtcNow().UtcDateTime).TotalSeconds + 1, 1, MaxWatchSeconds);
            var opened = Stopwatch.StartNew();
            await foreach (var e in client.WatchAsync(collection, $"{selector}&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(version)}&timeoutSeconds={seconds}", ct))
            {
                if (e.Type == "ERROR")
                {
                    var error = WatchStream.ToException(e);
                    if (error.StatusCode == HttpStatusCode.Gone)
                    {
                        break;
                    }
                    throw error;
                }
                if (e.Type is "ADDED" or "MODIFIED" && Verdict(submission, e.Object) is { } seen)
                {
                    return seen.Error;
                }
            }
            // A stream the server closes at once would make this a busy loop: fail the attempt, and Hangfire retries later.
            if (opened.Elapsed < TimeSpan.FromSeconds(1) && seconds > 1)
            {
                throw new KubernetesApiException(HttpStatusCode.ServiceUnavailable, $"the watch of {collection} on {submission.ClusterName} closed at once.");
            }
        }
    }

    /// <summary>Null while it is worth waiting; otherwise the outcome (Error null = restorable).</summary>
    private static Outcome? Verdict(ResourceSubmission submission, JsonObject backup)
    {
        var name = BackupObject.Name(backup);
        var location = (string?)backup["spec"]?["storageLocation"];
        if (submission.AwaitLocation is { } expected && location != expected)
        {
            return new Outcome($"{submission.ClusterName} already has a different backup named {name} (from location {location ?? "none"}), " +
                $"so Velero does not sync the one in location {expected}; nothing was created.");
        }
        var phase = BackupPhases.Of((string?)backup["status"]?["phase"]);
        return phase switch
        {
            BackupPhases.Completed or BackupPhases.PartiallyFailed => new Outcome(null),
            BackupPhases.Failed or BackupPhases.FailedValidation or BackupPhases.Deleting =>
                new Outcome($"Backup {name} on {submission.ClusterName} is {phase}; only Completed or PartiallyFailed backups can be restored. Nothing was created."),
            _ => null,
        };
    }

    private static async Task<string> ExpiredAsync(k8s.Kubernetes client, ResourceSubmission submission, string collection, string name, CancellationToken ct)
    {
        var location = submission.AwaitLocation;
        var waited = submission.AwaitDeadlineUtc!.Value - submission.SubmittedUtc;
        var bsl = await client.GetAsync($"{collection[..collection.LastIndexOf('/')]}/backupstoragelocations/{location}", ct);
        var phase = (string?)bsl?["status"]?["phase"];
        var state = bsl is null ? $"Location {location} no longer exists on {submission.ClusterName}."
            : $"Velero reports location {location} as {(string.IsNullOrEmpty(phase) ? "not yet validated" : phase)}"
              + ((string?)bsl["status"]?["message"] is { Length: > 0 } message ? $": {message}" : ".");
        return $"Backup {name} did not show on {submission.ClusterName} through backup storage location {location} within {(int)waited.TotalSeconds} s " +
            $"(Velero's backup sync did not bring it); no {submission.Kind} was created. {state}";
    }

    private sealed record Outcome(string? Error);
}
