using System.Security.Claims;
using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Web.Features.Identity;

namespace DataProtection.Web.Features.Backups;

/// <summary>
/// The body of <c>POST /clusters/{cluster}/backups</c>, in Velero's BackupSpec field names so a 400 names the field as sent.
/// Empty <see cref="IncludedNamespaces"/> (or <c>["*"]</c>) means all namespaces; <see cref="IncludeClusterResources"/> null
/// lets Velero decide; <see cref="Ttl"/> takes <c>30d</c> or Go's <c>720h0m0s</c> (default 30 days).
/// </summary>
internal sealed record CreateBackupBody(string? Name, string[]? IncludedNamespaces, string[]? ExcludedNamespaces, string? LabelSelector,
    string[]? OrLabelSelectors, string[]? IncludedResources, string[]? ExcludedResources, bool? IncludeClusterResources, bool? SnapshotVolumes,
    bool? DefaultVolumesToFsBackup, string? StorageLocation, string? Ttl)
{
    public BackupTemplate ToTemplate()
    {
        var included = IncludedNamespaces ?? [];
        var all = included.Length == 0 || included is ["*"];
        return new BackupTemplate
        {
            Namespaces = all ? NamespaceScope.All : NamespaceScope.Selected,
            IncludedNamespaces = all ? [] : included,
            ExcludedNamespaces = ExcludedNamespaces ?? [],
            LabelSelector = LabelSelector,
            OrLabelSelectors = OrLabelSelectors ?? [],
            IncludedResources = IncludedResources ?? [],
            ExcludedResources = ExcludedResources ?? [],
            ClusterResources = IncludeClusterResources switch { true => ClusterResources.Include, false => ClusterResources.Exclude, null => ClusterResources.Auto },
            SnapshotVolumes = SnapshotVolumes ?? false,
            FsBackupAllVolumes = DefaultVolumesToFsBackup ?? false,
            StorageLocation = string.IsNullOrWhiteSpace(StorageLocation) ? null : StorageLocation,
            Ttl = Ttl is null ? BackupTemplate.DefaultTtl : GoDuration.Parse(Ttl),
        };
    }
}

internal static class BackupCreateApi
{
    public static void MapBackupCreateApi(this RouteGroupBuilder v1)
    {
        var backups = v1.MapGroup("/clusters/{cluster}/backups").WithTags("Backups").RequireAuthorization(Policies.Operator);
        backups.MapPost("", async (string cluster, CreateBackupBody body, ClaimsPrincipal user, BackupSubmissionService service, CancellationToken ct) =>
            {
                var submitted = await service.SubmitBackupAsync(user.ToActor(AuditSource.API), cluster, body.Name, body.ToTemplate(), ct);
                return Results.Accepted($"/api/v1/clusters/{Uri.EscapeDataString(cluster)}/backups/{submitted.Name}/submission", submitted);
            })
            .WithSummary("Submit a backup (created exactly once by a job); 400 names the bad field, 409 when the name is taken, 202 with the name and job id");
        var backup = v1.MapGroup("/clusters/{cluster}/backups/{name}").WithTags("Backups");
        backup.MapGet("/submission", async (string cluster, string name, ClaimsPrincipal user, BackupSubmissionService service, CancellationToken ct) =>
                await service.GetSubmissionAsync(user.ToActor(AuditSource.API), cluster, name, ct) is { } status ? Results.Ok(status) : Results.NotFound())
            .WithSummary("Where a dashboard-submitted backup stands: Pending, Created or Failed (with the reason)");
        backup.MapPost("/pin", (string cluster, string name, ClaimsPrincipal user, BackupPinService service, CancellationToken ct) =>
                service.PinBackupAsync(user.ToActor(AuditSource.API), cluster, name, ct))
            .RequireAuthorization(Policies.Operator).WithSummary("Keep the backup beyond its TTL (its expiry moves a century ahead; the original is remembered)");
        backup.MapPost("/unpin", (string cluster, string name, ClaimsPrincipal user, BackupPinService service, CancellationToken ct) =>
                service.UnpinBackupAsync(user.ToActor(AuditSource.API), cluster, name, ct))
            .RequireAuthorization(Policies.Operator).WithSummary("Restore the backup's original expiry; warns when it has already passed");
    }
}
