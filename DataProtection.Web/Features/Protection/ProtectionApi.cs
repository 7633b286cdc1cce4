using System.Security.Claims;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Protection;
using DataProtection.Web.Features.Identity;

namespace DataProtection.Web.Features.Protection;

public sealed record EnableProtectionBody(string? Version, string? ImageRegistry);

internal static class ProtectionApi
{
    public static void MapProtectionApi(this RouteGroupBuilder v1)
    {
        var protection = v1.MapGroup("/clusters/{cluster}/protection").WithTags("Data protection");
        protection.MapGet("", (string cluster, ClaimsPrincipal user, ProtectionService service, CancellationToken ct) =>
            service.GetStatusAsync(user.ToActor(AuditSource.API), cluster, ct)).WithSummary("The stored data protection status of a cluster");
        protection.MapPost("/refresh", (string cluster, ClaimsPrincipal user, ProtectionService service, CancellationToken ct) =>
            service.RefreshStatusAsync(user.ToActor(AuditSource.API), cluster, ct)).WithSummary("Ask Velero now (ServerStatusRequest) and store the answer");

        var admin = protection.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapPost("", (string cluster, EnableProtectionBody? body, ClaimsPrincipal user, ProtectionService service, CancellationToken ct) =>
            RunAsync(() => service.EnableAsync(user.ToActor(AuditSource.API), cluster, new(body?.Version, body?.ImageRegistry), null, ct)))
            .WithSummary("Install Velero (or adopt one installed by hand); idempotent. 502 with the steps when a step fails");
        admin.MapPost("/upgrade", (string cluster, EnableProtectionBody? body, ClaimsPrincipal user, ProtectionService service, CancellationToken ct) =>
            RunAsync(() => service.UpgradeAsync(user.ToActor(AuditSource.API), cluster, new(body?.Version, body?.ImageRegistry), null, ct)))
            .WithSummary("Change Velero's version (images of the server, node agent and AWS plugin) and re-apply the CRDs");
        admin.MapDelete("", (string cluster, string? backups, bool? force, ClaimsPrincipal user, ProtectionService service, CancellationToken ct) =>
            RunAsync(() => service.DisableAsync(user.ToActor(AuditSource.API), cluster, new(Disposition(backups), force ?? false), null, ct)))
            .WithSummary("Uninstall Velero; backups=keep leaves the bucket untouched, backups=delete deletes every backup through Velero first");
    }

    private static BackupDisposition Disposition(string? backups) => backups?.Trim().ToLowerInvariant() switch
    {
        "keep" => BackupDisposition.Keep,
        "delete" => BackupDisposition.Delete,
        _ => throw new ValidationException("backups", "Say what happens to the backups: backups=keep (stay in the bucket) or backups=delete."),
    };

    private static async Task<IResult> RunAsync(Func<Task<ProtectionRun>> run)
    {
        try
        {
            var result = await run();
            return result.Succeeded ? Results.Ok(result) : Results.Json(result, statusCode: StatusCodes.Status502BadGateway);
        }
        catch (InvalidOperationException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not configured");
        }
    }
}
