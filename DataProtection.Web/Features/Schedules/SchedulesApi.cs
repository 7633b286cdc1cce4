using System.Security.Claims;
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

        var schedule = v1.MapGroup("/clusters/{cluster}/schedules/{name}").WithTags("Schedules");
        schedule.MapPost("/pause", (string cluster, string name, ClaimsPrincipal user, ScheduleService service, CancellationToken ct) =>
            service.SetPausedAsync(user.ToActor(AuditSource.API), cluster, name, true, ct)).WithSummary("Pause the schedule (spec.paused: true); Operator");
        schedule.MapPost("/resume", (string cluster, string name, ClaimsPrincipal user, ScheduleService service, CancellationToken ct) =>
            service.SetPausedAsync(user.ToActor(AuditSource.API), cluster, name, false, ct)).WithSummary("Resume the schedule (spec.paused: false); Operator");
    }
}
