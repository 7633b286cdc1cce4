using System.Globalization;
using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;
using DataProtection.Core.Volumes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Backups;

/// <summary>
/// Keeps a backup beyond its TTL. Velero's garbage collection deletes a backup once <c>status.expiration</c> has passed, so a pin
/// moves that expiry a century ahead, remembering the original in an annotation; unpin puts it back. The Backup CRD has no
/// status subresource, so one merge patch changes labels, annotations and status together.
/// </summary>
public sealed class BackupPinService(IKubernetesClientFactory clients, IAuditLog audit, BackupChanges changes, TimeProvider time,
    IOptions<ClustersOptions> clusterOptions)
{
    public const string PinAction = "backup.pin";
    public const string UnpinAction = "backup.unpin";
    public const string PinnedLabel = "dataprotection.io/pinned";
    public const string OriginalExpirationAnnotation = "dataprotection.io/original-expiration";

    /// <summary>How far ahead a pinned backup's expiry is moved.</summary>
    public static readonly TimeSpan PinnedFor = TimeSpan.FromDays(36525);

    private string VeleroPath => $"apis/velero.io/v1/namespaces/{clusterOptions.Value.VeleroNamespace}";

    /// <summary>Operator; audited as <see cref="PinAction"/>. Pinning a pinned backup changes nothing. Refused while Velero still writes it.</summary>
    public Task<PinResult> PinBackupAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken) =>
        ChangeAsync(actor, PinAction, cluster, name, (backup, now) =>
        {
            var phase = BackupPhases.Of((string?)backup["status"]?["phase"]);
            if (BackupPhases.Running.Contains(phase) || phase == BackupPhases.Deleting)
            {
                // Velero sets the expiry when it starts and may rewrite status until it finishes.
                throw new ConflictException($"backup is {phase}; pin it once it has finished.");
            }
            var current = (string?)backup["status"]?["expiration"];
            if (IsPinned(backup))
            {
                return (null, new PinResult(cluster, name, true, Time(current), Time(Original(backup)), null));
            }
            // Whole seconds: what the API server keeps of an RFC 3339 time, so the result equals what a read returns.
            var until = DateTime.UnixEpoch.AddSeconds(Math.Floor((now + PinnedFor - DateTime.UnixEpoch).TotalSeconds));
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["labels"] = new JsonObject { [PinnedLabel] = "true" },
                    ["annotations"] = new JsonObject { [OriginalExpirationAnnotation] = current ?? "" },
                },
                ["status"] = new JsonObject { ["expiration"] = Format(until) },
            };
            return (patch, new PinResult(cluster, name, true, until, Time(current), null));
        }, cancellationToken);

    /// <summary>Operator; audited as <see cref="UnpinAction"/>. Restores the original expiry and warns when it has already passed.</summary>
    public Task<PinResult> UnpinBackupAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken) =>
        ChangeAsync(actor, UnpinAction, cluster, name, (backup, now) =>
        {
            var current = Time((string?)backup["status"]?["expiration"]);
            if (!IsPinned(backup))
            {
                return (null, new PinResult(cluster, name, false, current, null, null));
            }
            var original = Time(Original(backup));
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["labels"] = new JsonObject { [PinnedLabel] = null },
                    ["annotations"] = new JsonObject { [OriginalExpirationAnnotation] = null },
                },
                ["status"] = new JsonObject { ["expiration"] = original is null ? null : Format(original.Value) },
            };
            var warning = original < now
                ? $"Its original expiry ({Format(original.Value)}) has passed: Velero's garbage collection will delete this backup at its next run (hourly by default)."
                : null;
            return (patch, new PinResult(cluster, name, false, original, original, warning));
        }, cancellationToken);

    private async Task<PinResult> ChangeAsync(Actor actor, string action, string cluster, string name,
        Func<JsonObject, DateTime, (JsonObject? Patch, PinResult Result)> change, CancellationToken cancellationToken)
    {
        BackupRecord? record = null;
        var result = await audit.RunAsync(actor, action, async scope =>
        {
            var ct = scope.CancellationToken;
            scope.Target = new AuditTarget(ClusterService.ForAudit(cluster), "Backup", clusterOptions.Value.VeleroNamespace, ClusterService.ForAudit(name));
            actor.Require(Roles.Operator);
            var found = await ClusterService.FindAsync(scope.Db, cluster, ct);
            var client = await clients.GetAsync(found.Id, ct);
            var path = $"{VeleroPath}/backups/{name}";
            var backup = await client.GetAsync(path, ct) ?? throw new NotFoundException($"There is no backup {name} in {found.Name} (it may have expired already).");
            var (patch, result) = change(backup, time.GetUtcNow().UtcDateTime);
            scope.Parameters = new { changed = patch is not null, expiration = result.Expiration, originalExpiration = result.OriginalExpiration, result.Warning };
            if (patch is null)
            {
                return result with { Cluster = found.Name };
            }
            await client.PatchAsync(path, patch, ct);
            record = await UpdateHistoryAsync(scope.Db, found.Id, await client.GetAsync(path, ct), ct);
            return result with { Cluster = found.Name };
        }, cancellationToken);
        if (record is not null)
        {
            await changes.PublishAsync(BackupChange.From(record));
        }
        return result;
    }

    // The watch would catch the change too; writing it here makes the list right the moment the call returns.
    private static async Task<BackupRecord?> UpdateHistoryAsync(AppDbContext db, int clusterId, JsonObject? backup, CancellationToken ct)
    {
        if (backup is null)
        {
            return null;
        }
        var uid = BackupObject.Uid(backup);
        var record = await db.BackupRecords.FirstOrDefaultAsync(b => b.ClusterId == clusterId && b.Uid == uid, ct);
        if (record is not null)
        {
            BackupObject.Apply(backup, record);
            await db.SaveChangesAsync(ct);
        }
        return record;
    }

    private static bool IsPinned(JsonObject backup) => (string?)backup["metadata"]?["labels"]?[PinnedLabel] == "true";

    private static string? Original(JsonObject backup) => (string?)backup["metadata"]?["annotations"]?[OriginalExpirationAnnotation];

    private static string Format(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static DateTime? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.UtcDateTime : null;
}
