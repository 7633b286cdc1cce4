using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Restores;

public sealed partial class RestoreService
{
    public const string WaitingForSyncPhase = "WaitingForSync";

    /// <summary>
    /// For a restore of another cluster's backup: checks what must hold before anything is written (Operator, valid request, target
    /// protected, source registered, backup restorable there), then gives the target a BackupStorageLocation on the backup's bucket
    /// and prefix. Null for an in-place restore. A failure is returned, not thrown, so the restore's own audit scope records it.
    /// </summary>
    private async Task<SharedLocation?> PrepareSharedLocationAsync(Actor actor, string cluster, RestoreRequest request, PickedOutcome? picked, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.SourceCluster) || request.SourceCluster == cluster)
            return null;
        try
        {
            actor.Require(Roles.Operator);
            request.Validate();
            Cluster target, source;
            await using (var db = await _dbFactory.CreateDbContextAsync(ct))
            {
                target = (await OpenProtectedAsync(db, cluster, ct)).Cluster;
                source = await SourceClusterAsync(db, target, request, ct);
            }
            if (source.Id == target.Id)
                return null;
            // Objects restored one by one are read from the source's own archive: the target needs no location for them.
            if (picked is not null && picked.Get().ItemByItem)
                return null;
            var (sourceClient, targetClient) = (await _clients.GetAsync(source.Id, ct), await _clients.GetAsync(target.Id, ct));
            var backup = await RestorableBackupAsync(sourceClient, source.Name, request, ct);
            var backupName = BackupObject.Name(backup);
            var location = await SourceLocationAsync(sourceClient, source, backup, ct);
            var root = BucketRoot.Of(location);
            var targetLocations = await targetClient.ListAllAsync($"{VeleroPath}/backupstoragelocations", ct);
            var existing = targetLocations.FirstOrDefault(l => BucketRoot.Of(l) == root);
            await CheckBackupNameFreeAsync(targetClient, target.Name, backupName, existing is null ? null : BackupObject.Name(existing), ct);
            if (existing is not null)
                return new SharedLocation(BackupObject.Name(existing), backupName, SharedLocationAction.Reused, root);
            var purpose = $"restore of {source.Name}/{backupName}";
            if (await _locations.FindByRootAsync(root.EndpointUri, root.Bucket, root.Prefix, ct) is { } managed)
            {
                await _locations.AssignReadOnlyForRestoreAsync(actor, managed, target.Name, purpose, ct);
                return new SharedLocation(managed, backupName, SharedLocationAction.Assigned, root);
            }
            var copy = LocationCopy.Name(source.Name, BackupObject.Name(location));
            if (targetLocations.Any(l => BackupObject.Name(l) == copy))
            {
                throw new ConflictException($"{target.Name} already has a backup storage location named {copy} on another bucket or prefix than {root}; " +
                    "rename or remove it, or assign that bucket to the target as a storage location.");
            }
            await CopyLocationAsync(actor, (source, sourceClient), (target, targetClient), location, copy, purpose, ct);
            return new SharedLocation(copy, backupName, SharedLocationAction.Copied, root);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return SharedLocation.Failed(ex);
        }
    }

    /// <summary>
    /// Stages the Restore as a submission that waits until Velero's sync shows the backup on the target through the shared location
    /// (at most <see cref="RestoresOptions.SyncTimeoutSeconds"/>), then creates it exactly once; the caller enqueues it after the commit.
    /// </summary>
    private async Task<(CreatedRestore Created, ResourceSubmission Staged)> SubmitCrossClusterAsync(AuditScope scope, Actor actor, Cluster target, Cluster source,
        string name, RestoreRequest request, SharedLocation? shared, IReadOnlyList<RestoreItemRef> picked)
    {
        if (shared?.Error is { } error)
            ExceptionDispatchInfo.Capture(error).Throw();
        if (shared is null)
            throw new InvalidOperationException($"No shared location was prepared for a restore from {source.Name} into {target.Name}.");
        var ct = scope.CancellationToken;
        request = request with { BackupName = shared.BackupName, ScheduleName = null };
        var restore = RestoreSpecWriter.Restore(name, _namespace, request, actor.Name);
        var client = await _clients.GetAsync(target.Id, ct);
        await CheckNameFreeAsync(scope.Db, target, client, name, ct);
        var deadline = _time.GetUtcNow().UtcDateTime + _options.SyncTimeout;
        var wait = new BackupAwait($"{VeleroPath}/backups/{shared.BackupName}", shared.Location, deadline);
        var staged = await _submitter.AddAsync(scope.Db, new SubmissionRequest(target.Id, target.Name, restore, actor.Name, wait), ct);
        scope.Parameters = new
        {
            spec = restore["spec"]!.DeepClone(), sourceCluster = source.Name, location = shared.Location, items = picked.Count == 0 ? null : picked, locationAction = shared.Action.ToString(),
            bucket = shared.Root.Bucket, prefix = shared.Root.Prefix, waitUntilUtc = deadline, submission = staged.SubmissionId,
        };
        var note = $"# Created by the dashboard once Velero's backup sync shows backup {shared.BackupName} on {target.Name} through location {shared.Location} " +
            $"(ReadOnly, {shared.Root}); it waits at most {_options.SyncTimeoutSeconds} s.";
        var command = $"{note}\n# Check with: velero backup get {shared.BackupName} --namespace {_namespace}\n{RestoreSpecWriter.Command(name, request, _namespace)}";
        return (new CreatedRestore(target.Name, name, note + "\n" + RestoreSpecWriter.Yaml(restore), command), staged);
    }

    /// <summary>Cross-cluster restores still waiting for the sync, as the list shows them (phase <see cref="WaitingForSyncPhase"/>).</summary>
    private static async Task<List<RestoreSummary>> WaitingForSyncAsync(AppDbContext db, IReadOnlyCollection<ProtectedCluster> clusters, CancellationToken ct)
    {
        var ids = clusters.Select(c => c.Id).ToList();
        var pending = await db.Submissions.AsNoTracking()
            .Where(s => s.Kind == "Restore" && s.State == SubmissionState.Pending && s.AwaitBackupPath != null && ids.Contains(s.ClusterId)).ToListAsync(ct);
        return [.. pending.Select(Summary)];
    }

    /// <summary>A cross-cluster restore whose Restore does not exist (yet): waiting for the sync, or Failed before anything was created, with why.</summary>
    private async Task<RestoreSummary?> SubmittedRestoreAsync(string cluster, string name, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var submission = await db.Submissions.AsNoTracking()
            .Where(s => s.ClusterName == cluster && s.Kind == "Restore" && s.Name == name && s.AwaitBackupPath != null && s.State != SubmissionState.Created)
            .OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        return submission is null ? null : Summary(submission);
    }

    private static RestoreSummary Summary(ResourceSubmission submission)
    {
        var restore = JsonNode.Parse(submission.ResourceJson)!.AsObject();
        restore["metadata"]!["creationTimestamp"] = submission.SubmittedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var phase = submission.State == SubmissionState.Pending ? WaitingForSyncPhase : "Failed";
        restore["status"] = new JsonObject { ["phase"] = phase, ["failureReason"] = submission.Error };
        return RestoreReader.Summary(submission.ClusterName, restore);
    }
}
