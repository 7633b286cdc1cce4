using System.Security.Claims;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.StorageLocations;
using DataProtection.Web.Features.Identity;

namespace DataProtection.Web.Features.StorageLocations;

/// <summary>The saved account and the clusters whose managed BackupStorageLocations could not be rewritten.</summary>
public sealed record ManagedAccountSaved(ManagedAccountSummary Account, IReadOnlyList<string> ReapplyFailures);

internal static class StorageLocationsApi
{
    public static void MapStorageLocationsApi(this RouteGroupBuilder v1)
    {
        var storage = v1.MapGroup("/storage-locations").WithTags("Storage locations");
        storage.MapGet("", (ClaimsPrincipal user, StorageLocationService service, CancellationToken ct) =>
            service.ListLocationsAsync(user.ToActor(AuditSource.API), ct)).WithSummary("List storage locations with their assignments and latest usage");
        storage.MapGet("/{name}", (string name, ClaimsPrincipal user, StorageLocationService service, CancellationToken ct) =>
            service.GetLocationAsync(user.ToActor(AuditSource.API), name, ct));
        storage.MapGet("/{name}/usage", (string name, int? days, ClaimsPrincipal user, StorageUsageService usage, TimeProvider time, CancellationToken ct) =>
            usage.GetUsageAsync(user.ToActor(AuditSource.API), name, time.GetUtcNow().UtcDateTime.AddDays(-Math.Clamp(days ?? 30, 1, 366)), ct))
            .WithSummary("Usage samples (bytes, objects) of the last `days` days (default 30)");
        storage.MapGet("/usage/clusters", (ClaimsPrincipal user, StorageUsageService usage, CancellationToken ct) =>
            usage.GetClusterUsageAsync(user.ToActor(AuditSource.API), ct)).WithSummary("Latest usage per cluster and location it writes to");
        v1.MapGet("/clusters/{cluster}/storage-locations", (string cluster, ClaimsPrincipal user, StorageLocationService service, CancellationToken ct) =>
            service.ListClusterLocationsAsync(user.ToActor(AuditSource.API), cluster, ct))
            .WithTags("Storage locations").WithSummary("The cluster's BackupStorageLocations as Velero reports them (phase, last validation, message)");

        var admin = storage.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapPost("", async (StorageLocationInput body, ClaimsPrincipal user, StorageLocationService service, CancellationToken ct) =>
        {
            var created = await service.CreateLocationAsync(user.ToActor(AuditSource.API), body, ct);
            return Results.Created($"/api/v1/storage-locations/{created.Name}", created);
        }).WithSummary("Add a customer-managed location; the bucket is validated first and nothing is saved if it fails");
        admin.MapPost("/validate", (StorageLocationInput body, string? existing, ClaimsPrincipal user, StorageLocationService service, CancellationToken ct) =>
            service.ValidateAsync(user.ToActor(AuditSource.API), body, existing, ct)).WithSummary("Validate settings without saving them");
        admin.MapPut("/{name}", (string name, StorageLocationInput body, ClaimsPrincipal user, StorageLocationService service, CancellationToken ct) =>
            service.UpdateLocationAsync(user.ToActor(AuditSource.API), name, body, ct)).WithSummary("Change a location (blank keys keep the stored ones); assigned clusters are updated");
        admin.MapDelete("/{name}", async (string name, ClaimsPrincipal user, StorageLocationService service, CancellationToken ct) =>
        {
            await service.DeleteLocationAsync(user.ToActor(AuditSource.API), name, ct);
            return Results.NoContent();
        }).WithSummary("Remove an unassigned location (the bucket is not touched)");
        admin.MapPost("/{name}/assign", (string name, AssignStorageRequest body, ClaimsPrincipal user, StorageLocationService service, CancellationToken ct) =>
            service.AssignAsync(user.ToActor(AuditSource.API), name, body, ct))
            .WithSummary("Create the Secret and BackupStorageLocation in a cluster; 409 when another cluster writes there, unless `force`");
        admin.MapDelete("/{name}/assignments/{cluster}", async (string name, string cluster, ClaimsPrincipal user, StorageLocationService service, CancellationToken ct) =>
        {
            await service.UnassignAsync(user.ToActor(AuditSource.API), name, cluster, ct);
            return Results.NoContent();
        }).WithSummary("Remove the BackupStorageLocation and its Secret from the cluster (backups in the bucket stay)");
        admin.MapPost("/managed/{cluster}", (string cluster, ClaimsPrincipal user, StorageLocationService service, CancellationToken ct) =>
            service.EnsureManagedLocationAsync(user.ToActor(AuditSource.API), cluster, ct)).WithSummary("Create (once) the cluster's prefix in managed storage");
        admin.MapGet("/managed-account", (ClaimsPrincipal user, ManagedStorageService service, CancellationToken ct) =>
            service.GetAccountAsync(user.ToActor(AuditSource.API), ct)).WithSummary("The managed S3 account, without its keys");
        admin.MapPut("/managed-account", async (ManagedAccountInput body, ClaimsPrincipal user, ManagedStorageService service, StorageLocationService locations, CancellationToken ct) =>
        {
            var actor = user.ToActor(AuditSource.API);
            var account = await service.SaveAccountAsync(actor, body, ct);
            return new ManagedAccountSaved(account, await locations.ReapplyManagedLocationsAsync(actor, ct));
        }).WithSummary("Set the managed S3 account (validated first; keys are write-only) and rewrite the managed BSLs in every cluster");
        admin.MapPost("/usage/refresh", async (StorageUsageService usage, CancellationToken ct) =>
            Results.Ok(new { failures = await usage.RefreshUsageAsync(ct) })).WithSummary("Count usage of every location now");
    }
}
