using System.Security.Claims;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Volumes;
using DataProtection.Web.Features.Identity;

namespace DataProtection.Web.Features.Volumes;

public sealed record SetOptInBody(bool? OptedIn);

internal static class VolumesApi
{
    public static void MapVolumesApi(this RouteGroupBuilder v1)
    {
        var volumes = v1.MapGroup("/clusters/{cluster}/namespaces/{namespace}/volumes").WithTags("Volumes");
        volumes.MapGet("", (string cluster, string @namespace, int? limit, string? @continue, ClaimsPrincipal user, VolumeService service, CancellationToken ct) =>
            service.ListPodVolumesAsync(user.ToActor(AuditSource.API), cluster, @namespace, limit ?? 100, @continue, ct))
            .WithSummary("Pods with their volumes and whether each is opted in to file-system backup, one page at a time (pass `continue`)");
        volumes.MapPut("/{pod}/{volume}", (string cluster, string @namespace, string pod, string volume, SetOptInBody? body,
                ClaimsPrincipal user, VolumeService service, CancellationToken ct) =>
            service.SetOptInAsync(user.ToActor(AuditSource.API), cluster, @namespace, pod, volume,
                body?.OptedIn ?? throw new ValidationException("optedIn", "Send { \"optedIn\": true } or { \"optedIn\": false }."), ct))
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Opt a volume in or out: patches backup.velero.io/backup-volumes on the pod template of the pod's owner (or on a bare pod)");
    }
}
