using System.Security.Claims;
using DataProtection.Core.Common;
using DataProtection.Core.Inventory;
using DataProtection.Web.Features.Identity;

namespace DataProtection.Web.Features.Inventory;

internal static class InventoryApi
{
    public static void MapInventoryApi(this RouteGroupBuilder v1)
    {
        var cluster = v1.MapGroup("/clusters/{cluster}").WithTags("Inventory");
        cluster.MapGet("/namespaces", (string cluster, ClaimsPrincipal user, InventoryService inventory, CancellationToken ct) =>
            inventory.ListNamespacesAsync(user.ToActor(AuditSource.API), cluster, ct)).WithSummary("Namespaces with their object counts");
        cluster.MapGet("/kinds", (string cluster, ClaimsPrincipal user, InventoryService inventory, CancellationToken ct) =>
            inventory.ListKindsAsync(user.ToActor(AuditSource.API), cluster, ct)).WithSummary("Resource kinds from discovery");
        cluster.MapGet("/inventory/labels", (string cluster, ClaimsPrincipal user, InventoryService inventory, CancellationToken ct) =>
            inventory.ListLabelsAsync(user.ToActor(AuditSource.API), cluster, ct)).WithSummary("Label keys and values with counts");
        cluster.MapGet("/inventory", (string cluster, string? selector, string? @namespace, string? kind, int? limit, string? @continue,
                ClaimsPrincipal user, InventoryService inventory, CancellationToken ct) =>
            inventory.ListObjectsAsync(user.ToActor(AuditSource.API), cluster, new InventoryQuery(selector, @namespace, kind), limit ?? 100, @continue, ct))
            .WithSummary("Objects matching a label selector, one page at a time (pass `continue` from the previous page)");
        cluster.MapGet("/inventory/object", async (string cluster, string kind, string? @namespace, string name,
                ClaimsPrincipal user, InventoryService inventory, CancellationToken ct) =>
            Results.Text(await inventory.GetObjectYamlAsync(user.ToActor(AuditSource.API), cluster, kind, @namespace, name, ct), "application/yaml"))
            .WithSummary("One object as YAML (managedFields removed, Secret values masked)");
    }
}
