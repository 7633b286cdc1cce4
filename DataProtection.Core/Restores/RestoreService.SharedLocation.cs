using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Restores;

public sealed partial class RestoreService
{
    /// <summary>The backup to restore on the source: the named one, or the schedule's latest good one; Completed or PartiallyFailed.</summary>
    private async Task<JsonObject> RestorableBackupAsync(k8s.Kubernetes source, string cluster, RestoreRequest request, CancellationToken ct)
    {
        if (request.BackupName is { Length: > 0 } name)
        {
            var backup = await source.GetAsync($"{VeleroPath}/backups/{name}", ct)
                ?? throw new ValidationException("backupName", $"backupName: there is no backup {name} on {cluster}.");
            var phase = BackupPhases.Of((string?)backup["status"]?["phase"]);
            if (phase is not (BackupPhases.Completed or BackupPhases.PartiallyFailed))
                throw new ValidationException("backupName", $"backupName: backup {name} on {cluster} is {phase}; only Completed or PartiallyFailed backups can be restored.");
            return backup;
        }
        var schedule = request.ScheduleName!;
        var selector = Uri.EscapeDataString($"{BackupObject.ScheduleLabel}={schedule}");
        var backups = await source.ListAllAsync($"{VeleroPath}/backups?labelSelector={selector}", ct);
        // Velero's own choice for --from-schedule: the most recent Completed (or PartiallyFailed) backup.
        return backups.Where(b => (string?)b["status"]?["phase"] is BackupPhases.Completed or BackupPhases.PartiallyFailed)
            .OrderByDescending(b => BackupObject.Time(b["metadata"]?["creationTimestamp"])).FirstOrDefault()
            ?? throw new ValidationException("scheduleName", $"scheduleName: schedule {schedule} has no Completed or PartiallyFailed backup on {cluster}.");
    }

    /// <summary>The source's BackupStorageLocation holding the backup: its spec's, else the history's, else the default one.</summary>
    private async Task<JsonObject> SourceLocationAsync(k8s.Kubernetes source, Cluster cluster, JsonObject backup, CancellationToken ct)
    {
        var backupName = BackupObject.Name(backup);
        var name = (string?)backup["spec"]?["storageLocation"];
        if (string.IsNullOrEmpty(name))
        {
            await using var db = await _dbFactory.CreateDbContextAsync(ct);
            name = await db.BackupRecords.AsNoTracking().Where(b => b.ClusterId == cluster.Id && b.Name == backupName)
                .Select(b => b.StorageLocation).FirstOrDefaultAsync(ct);
        }
        var location = string.IsNullOrEmpty(name)
            ? (await source.ListAllAsync($"{VeleroPath}/backupstoragelocations", ct)).FirstOrDefault(l => (bool?)l["spec"]?["default"] == true)
            : await source.GetAsync($"{VeleroPath}/backupstoragelocations/{name}", ct);
        return location ?? throw new ValidationException("backupName",
            $"backupName: the backup storage location {name ?? "(default)"} of backup {backupName} no longer exists on {cluster.Name}, so there is no bucket to read it from.");
    }

    /// <summary>Velero's sync skips a name the target already has, so a backup of the target's own with that name would be restored instead.</summary>
    private async Task CheckBackupNameFreeAsync(k8s.Kubernetes target, string cluster, string backupName, string? sharedLocation, CancellationToken ct)
    {
        var existing = await target.GetAsync($"{VeleroPath}/backups/{backupName}", ct);
        var location = (string?)existing?["spec"]?["storageLocation"];
        if (existing is not null && (sharedLocation is null || location != sharedLocation))
        {
            throw new ValidationException("backupName", $"backupName: {cluster} already has a backup named {backupName} from location {location ?? "(none)"}; " +
                "Velero would restore that one instead. Delete or rename it on the target first.");
        }
    }

    /// <summary>Copies the source's location, ReadOnly and not default, with its credentials Secret; audited as a storage assignment.</summary>
    private Task CopyLocationAsync(Actor actor, (Cluster Cluster, k8s.Kubernetes Client) source, (Cluster Cluster, k8s.Kubernetes Client) target,
        JsonObject location, string copy, string purpose, CancellationToken cancellationToken) =>
        _audit.RunAsync(actor, AuditActions.StorageAssign, async scope =>
        {
            var ct = scope.CancellationToken;
            var copiedFrom = $"{source.Cluster.Name}/{BackupObject.Name(location)}";
            var root = BucketRoot.Of(location);
            scope.Target = new AuditTarget(Cluster: target.Cluster.Name, Kind: "BackupStorageLocation", Namespace: _namespace, Name: copy);
            scope.Parameters = new { accessMode = "ReadOnly", makeDefault = false, copiedFrom, bucket = root.Bucket, prefix = root.Prefix, forRestore = purpose };
            actor.Require(Roles.Operator);
            var (secretName, key) = LocationCopy.Credential(location);
            var secret = await source.Client.GetAsync($"api/v1/namespaces/{_namespace}/secrets/{secretName}", ct);
            var data = (string?)secret?["data"]?[key] ?? throw new ValidationException("sourceCluster",
                $"sourceCluster: the credentials of location {copiedFrom} (Secret {_namespace}/{secretName}, key {key}) are missing on {source.Cluster.Name}; nothing was copied.");
            var secrets = $"api/v1/namespaces/{_namespace}/secrets";
            var secretPath = $"{secrets}/{StorageLocations.BackupStorageLocationManifest.SecretName(copy)}";
            var createdSecret = await target.Client.GetAsync(secretPath, ct) is null;
            await target.Client.ApplyAsync(secrets, LocationCopy.Secret(copy, _namespace, key, data, copiedFrom), ct);
            try
            {
                await target.Client.ApplyAsync($"{VeleroPath}/backupstoragelocations", LocationCopy.Location(location, copy, _namespace, key, copiedFrom), ct);
            }
            catch (Exception ex) when (createdSecret && ex is KubernetesApiException or HttpRequestException)
            {
                await target.Client.DeleteAsync(secretPath, CancellationToken.None);
                throw;
            }
            return 0;
        }, cancellationToken);
}
