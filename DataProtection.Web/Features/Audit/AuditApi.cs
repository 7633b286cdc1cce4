using System.Security.Claims;
using System.Text;
using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Web.Features.Identity;

namespace DataProtection.Web.Features.Audit;

internal static class AuditApi
{
    public static void MapAuditApi(this RouteGroupBuilder v1)
    {
        var audit = v1.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("", (AuditService service, string? actor, string? action, string? cluster, DateTime? from, DateTime? to,
                int? page, int? pageSize, CancellationToken ct) =>
            service.ListAsync(new AuditQuery(actor, action, cluster, ToUtc(from), ToUtc(to)), new PageRequest(page ?? 0, pageSize ?? 50), ct))
            .WithSummary("Audit entries, newest first, with filters and paging");

        audit.MapGet("/verify", (AuditService service, CancellationToken ct) => service.VerifyChainAsync(ct))
            .WithSummary("Verify the hash chain; reports the first broken row");

        audit.MapGet("/export.csv", async (HttpContext context, AuditService service, IAuditLog log, ClaimsPrincipal user,
            string? actor, string? action, string? cluster, DateTime? from, DateTime? to) =>
        {
            var source = context.Request.Headers.Authorization.Count > 0 ? AuditSource.API : AuditSource.UI;
            await log.WriteAsync(user.ToActor(source), AuditActions.AuditExport, null, AuditOutcome.Succeeded, null, context.RequestAborted);
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = "attachment; filename=audit.csv";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
            var query = new AuditQuery(actor, action, cluster, ToUtc(from), ToUtc(to));
            await AuditCsvWriter.WriteAsync(service.StreamAsync(query, context.RequestAborted), writer, context.RequestAborted);
        }).WithSummary("Export audit entries as CSV");
    }

    private static DateTime? ToUtc(DateTime? value) => value?.Kind switch
    {
        DateTimeKind.Local => value.Value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value.Value, DateTimeKind.Utc),
        _ => value,
    };
}
