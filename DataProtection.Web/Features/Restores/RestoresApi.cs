using System.Security.Claims;
using DataProtection.Core.Common;
using DataProtection.Core.Restores;
using DataProtection.Web.Features.Identity;

namespace DataProtection.Web.Features.Restores;

internal static class RestoresApi
{
    public static void MapRestoresApi(this RouteGroupBuilder v1)
    {
        var contents = v1.MapGroup("/clusters/{cluster}/backups/{name}/contents").WithTags("Restores");
        contents.MapGet("", (string cluster, string name, string? selector, string? search, string? @namespace, string? kind, int? skip, int? take,
                ClaimsPrincipal user, BackupContentsService service, CancellationToken ct) =>
            service.GetContentsAsync(user.ToActor(AuditSource.API), cluster, name, new ContentsQuery(selector, search, @namespace, kind, skip ?? 0, take ?? 200), ct))
            .WithSummary("What the backup holds, from its index (built from the tarball the first time): counts per namespace and kind, and one page of items. "
                + "namespace='' selects cluster-scoped items; 422 when the archive is broken or hostile");
        contents.MapGet("/item", async (string cluster, string name, string resource, string? @namespace, string itemName,
                ClaimsPrincipal user, BackupContentsService service, CancellationToken ct) =>
                Results.Text(await service.GetItemYamlAsync(user.ToActor(AuditSource.API), cluster, name, resource, @namespace, itemName, ct), "application/yaml"))
            .WithSummary("One object as stored in the backup, as YAML (Secret values masked); resource is the group-resource, e.g. deployments.apps");
    }
}
