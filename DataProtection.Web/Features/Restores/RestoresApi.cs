using System.Security.Claims;
using DataProtection.Core.Common;
using DataProtection.Core.Restores;
using DataProtection.Core.Identity;
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

        v1.MapGet("/restores", (string? cluster, ClaimsPrincipal user, RestoreService service, CancellationToken ct) =>
            service.ListRestoresAsync(user.ToActor(AuditSource.API), cluster, ct)).WithTags("Restores")
            .WithSummary("Restores of every protected cluster (or one), newest first, read live; unreachable clusters listed apart");
        var restores = v1.MapGroup("/clusters/{cluster}/restores").WithTags("Restores");
        restores.MapPost("", async (string cluster, CreateRestoreBody body, ClaimsPrincipal user, RestoreService service, CancellationToken ct) =>
                Results.Created($"/api/v1/clusters/{cluster}/restores", await service.CreateRestoreAsync(user.ToActor(AuditSource.API), cluster, body.Name, body.ToRequest(), ct)))
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Create a Velero Restore from a backup (or a schedule's latest good backup); 400 names the field; audited with every parameter");
        restores.MapPost("/preview", (string cluster, CreateRestoreBody body, ClaimsPrincipal user, RestorePreviewService service, CancellationToken ct) =>
                service.PreviewAsync(user.ToActor(AuditSource.API), cluster, body.ToRequest(), ct))
            .WithSummary("The exact objects the restore would touch, each create, skip (exists) or update, computed against the live cluster; writes nothing");
        restores.MapGet("/{name}", (string cluster, string name, ClaimsPrincipal user, RestoreService service, CancellationToken ct) =>
            service.GetRestoreAsync(user.ToActor(AuditSource.API), cluster, name, ct)).WithSummary("Phase, progress, warnings and errors of one restore");
        restores.MapGet("/{name}/items", (string cluster, string name, ClaimsPrincipal user, RestoreService service, CancellationToken ct) =>
            service.GetRestoredItemsAsync(user.ToActor(AuditSource.API), cluster, name, ct)).WithSummary("Each object and what Velero did with it: created, updated, skipped, failed");
        restores.MapGet("/{name}/results", (string cluster, string name, ClaimsPrincipal user, RestoreService service, CancellationToken ct) =>
            service.GetRestoreResultsAsync(user.ToActor(AuditSource.API), cluster, name, ct)).WithSummary("Warnings and errors: Velero's, the cluster's and each namespace's");
        restores.MapGet("/{name}/logs", (string cluster, string name, string? search, ClaimsPrincipal user, RestoreService service, CancellationToken ct) =>
            service.GetRestoreLogAsync(user.ToActor(AuditSource.API), cluster, name, search, ct)).WithSummary("The restore's log (through a DownloadRequest)");
    }

    /// <summary>The restore as the API takes it; existingResourcePolicy is "none" (default) or "update".</summary>
    internal sealed record CreateRestoreBody(string? Name, string? BackupName, string? ScheduleName, string[]? IncludedNamespaces, string[]? ExcludedNamespaces,
        string[]? IncludedResources, string[]? ExcludedResources, bool? IncludeClusterResources, string? LabelSelector, string[]? OrLabelSelectors,
        Dictionary<string, string>? NamespaceMapping, string? ExistingResourcePolicy, bool? RestoreVolumes, bool? PreserveNodePorts,
        string? SourceCluster = null, RestoreItemRef[]? Items = null)
    {
        public RestoreRequest ToRequest() => new()
        {
            SourceCluster = SourceCluster,
            Items = Items ?? [],
            BackupName = BackupName,
            ScheduleName = ScheduleName,
            IncludedNamespaces = IncludedNamespaces ?? [],
            ExcludedNamespaces = ExcludedNamespaces ?? [],
            IncludedResources = IncludedResources ?? [],
            ExcludedResources = ExcludedResources ?? [],
            IncludeClusterResources = IncludeClusterResources,
            LabelSelector = LabelSelector,
            OrLabelSelectors = OrLabelSelectors ?? [],
            NamespaceMapping = NamespaceMapping ?? [],
            ExistingResourcePolicy = ExistingResourcePolicy?.Trim().ToLowerInvariant() switch
            {
                null or "" or "none" => Core.Restores.ExistingResourcePolicy.None,
                "update" => Core.Restores.ExistingResourcePolicy.Update,
                var other => throw new ValidationException("existingResourcePolicy", $"existingResourcePolicy: '{other}' is neither none nor update."),
            },
            RestoreVolumes = RestoreVolumes ?? true,
            PreserveNodePorts = PreserveNodePorts ?? false,
        };
    }
}
