using System.Security.Claims;
using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Web.Features.Identity;

namespace DataProtection.Web.Features.Backups;

internal static class BackupsApi
{
    public static void MapBackupsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/backups", (string? cluster, string? phase, string? schedule, DateTime? from, DateTime? to, string? search, bool? includeDeleted,
                int? page, int? pageSize, ClaimsPrincipal user, BackupService service, CancellationToken ct) =>
            service.ListBackupsAsync(user.ToActor(AuditSource.API), new BackupFilter(cluster, phase, schedule, ToUtc(from), ToUtc(to), search, includeDeleted ?? false),
                new PageRequest(page ?? 0, pageSize ?? 50), ct))
            .WithTags("Backups").WithSummary("Backups of every cluster from the history, newest first; includeDeleted=true adds expired and deleted ones");

        var backup = v1.MapGroup("/clusters/{cluster}/backups/{name}").WithTags("Backups");
        backup.MapGet("", (string cluster, string name, ClaimsPrincipal user, BackupService service, CancellationToken ct) =>
            service.GetBackupAsync(user.ToActor(AuditSource.API), cluster, name, ct)).WithSummary("Spec, status timeline, progress, per-volume progress and the Backup object");
        backup.MapGet("/logs", (string cluster, string name, string? search, ClaimsPrincipal user, BackupService service, CancellationToken ct) =>
            service.GetBackupLogAsync(user.ToActor(AuditSource.API), cluster, name, search, ct)).WithSummary("The backup's log (through a DownloadRequest); search keeps matching lines");
        backup.MapGet("/results", (string cluster, string name, ClaimsPrincipal user, BackupService service, CancellationToken ct) =>
            service.GetBackupResultsAsync(user.ToActor(AuditSource.API), cluster, name, ct)).WithSummary("Warnings and errors per namespace");
        backup.MapDelete("", async (string cluster, string name, string? confirm, ClaimsPrincipal user, BackupService service, CancellationToken ct) =>
            {
                await service.DeleteBackupAsync(user.ToActor(AuditSource.API), cluster, name, confirm, ct);
                return Results.Accepted();
            })
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Ask Velero to delete the backup (DeleteBackupRequest); confirm must repeat the name. 409 while it runs or when its location is read-only");
    }

    private static DateTime? ToUtc(DateTime? value) => value?.Kind switch
    {
        DateTimeKind.Local => value.Value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value.Value, DateTimeKind.Utc),
        _ => value,
    };
}
