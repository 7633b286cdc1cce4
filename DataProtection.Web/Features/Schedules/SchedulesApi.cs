using System.Security.Claims;
using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Schedules;
using DataProtection.Web.Features.Identity;

namespace DataProtection.Web.Features.Schedules;

internal static class SchedulesApi
{
    public static void MapSchedulesApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/schedules", (string? cluster, ClaimsPrincipal user, ScheduleService service, CancellationToken ct) =>
            service.ListSchedulesAsync(user.ToActor(AuditSource.API), cluster, ct))
            .WithTags("Schedules").WithSummary("Velero Schedules of every cluster with data protection, with the last backup's phase; unreachable clusters are listed apart");

        v1.MapPost("/clusters/{cluster}/schedules", async (string cluster, ScheduleDraft? body, ClaimsPrincipal user, ScheduleService service, CancellationToken ct) =>
            {
                var name = await service.CreateScheduleAsync(user.ToActor(AuditSource.API), cluster, body ?? throw MissingBody(), ct);
                return Results.Accepted($"/api/v1/clusters/{cluster}/schedules/{name}", new { name });
            })
            .WithTags("Schedules").WithSummary("Create a schedule (name, cron, backup template, paused); submitted exactly once; 409 when the name is taken; Operator");

        var schedule = v1.MapGroup("/clusters/{cluster}/schedules/{name}").WithTags("Schedules");
        schedule.MapGet("", (string cluster, string name, ClaimsPrincipal user, ScheduleService service, CancellationToken ct) =>
            service.GetScheduleAsync(user.ToActor(AuditSource.API), cluster, name, ct))
            .WithSummary("One schedule: its summary, its draft (cron, template, paused) and the resourceVersion an update must send back");
        schedule.MapPut("", (string cluster, string name, ScheduleUpdate? body, ClaimsPrincipal user, ScheduleService service, CancellationToken ct) =>
            {
                var update = body ?? throw MissingBody();
                return service.UpdateScheduleAsync(user.ToActor(AuditSource.API), cluster, name,
                    new ScheduleDraft(name, update.Cron ?? "", update.Template ?? throw new ValidationException("template", "template: is required."), update.Paused),
                    update.ResourceVersion ?? throw new ValidationException("resourceVersion", "resourceVersion: is required (the one read with the schedule)."), ct);
            })
            .WithSummary("Replace the schedule's cron, template and paused flag; 409 when it changed on the cluster since resourceVersion; Operator");
        schedule.MapDelete("", async (string cluster, string name, bool? deleteBackups, ClaimsPrincipal user, ScheduleService service, CancellationToken ct) =>
            {
                var deleted = await service.DeleteScheduleAsync(user.ToActor(AuditSource.API), cluster, name, deleteBackups ?? false, ct);
                return Results.Ok(new { deleteBackupRequests = deleted });
            })
            .WithSummary("Delete the schedule; ?deleteBackups=true also deletes its backups through DeleteBackupRequests; Operator");
        schedule.MapPost("/backup-now", async (string cluster, string name, ClaimsPrincipal user, ScheduleService service, CancellationToken ct) =>
            {
                var backup = await service.BackupNowAsync(user.ToActor(AuditSource.API), cluster, name, ct);
                return Results.Accepted($"/api/v1/clusters/{cluster}/backups/{backup}", new { name = backup });
            })
            .WithSummary("Back up now from the schedule's template (as velero backup create --from-schedule); Operator");
        schedule.MapPost("/pause", (string cluster, string name, ClaimsPrincipal user, ScheduleService service, CancellationToken ct) =>
            service.SetPausedAsync(user.ToActor(AuditSource.API), cluster, name, true, ct)).WithSummary("Pause the schedule (spec.paused: true); Operator");
        schedule.MapPost("/resume", (string cluster, string name, ClaimsPrincipal user, ScheduleService service, CancellationToken ct) =>
            service.SetPausedAsync(user.ToActor(AuditSource.API), cluster, name, false, ct)).WithSummary("Resume the schedule (spec.paused: false); Operator");
    }

    private static ValidationException MissingBody() => new("body", "body: send the schedule as JSON.");
}

/// <summary>The body of PUT: the schedule's new cron, template and paused flag, and the resourceVersion it was read at.</summary>
internal sealed record ScheduleUpdate(string? Cron, BackupTemplate? Template, bool Paused, string? ResourceVersion);
