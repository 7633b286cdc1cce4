using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Inventory;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Restores;

/// <summary>
/// What a restore would do to one object of the target cluster. <see cref="Differs"/> is set for objects that exist: whether
/// the live one differs from the backed-up one (Velero then updates it, or leaves it with a warning when the policy is none).
/// </summary>
public sealed record PreviewItem(string ApiVersion, string Kind, string Resource, string? SourceNamespace, string? Namespace, string Name, string Action,
    bool? Differs = null);

public sealed record RestorePreview(string Backup, IReadOnlyList<PreviewItem> Items)
{
    public const string Create = "create";
    public const string Skip = "skip";
    public const string Update = "update";

    public int Count(string action) => Items.Count(i => i.Action == action);
}

/// <summary>
/// The exact objects a restore would touch, each marked create, skip (it exists and the policy is none) or update, computed
/// from the backup's index and Velero's selection rules against the live target, without writing anything. An object that
/// exists is compared with its backed-up version (read in one pass from the archive) as Velero compares them: identical is a
/// skip whatever the policy, different is an update under policy update. Namespaces that would be created for restored
/// objects are listed too (existing ones are left alone by Velero, so they are not).
/// </summary>
public sealed class RestorePreviewService
{
    /// <summary>Velero never restores these (pkg/restore's nonRestorableResources).</summary>
    public static readonly IReadOnlySet<string> NonRestorable = new HashSet<string>(["nodes", "events", "events.events.k8s.io", "backups.velero.io",
        "restores.velero.io", "resticrepositories.velero.io", "csinodes.storage.k8s.io", "volumeattachments.storage.k8s.io", "backuprepositories.velero.io"]);

    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly IKubernetesClientFactory _clients;
    private readonly BackupContentsService _contents;
    private readonly BackupDownloads _downloads;
    private readonly string _namespace;

    internal RestorePreviewService(IDbContextFactory<AppDbContext> dbFactory, IKubernetesClientFactory clients, BackupContentsService contents,
        BackupDownloads downloads, string veleroNamespace) =>
        (_dbFactory, _clients, _contents, _downloads, _namespace) = (dbFactory, clients, contents, downloads, veleroNamespace);

    public async Task<RestorePreview> PreviewAsync(Actor actor, string cluster, RestoreRequest request, CancellationToken ct)
    {
        actor.Require(Roles.Viewer);
        request.Validate();
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var target = await ClusterService.FindAsync(db, cluster, ct);
        var source = string.IsNullOrWhiteSpace(request.SourceCluster) ? target : await ClusterService.FindAsync(db, request.SourceCluster, ct);
        var backup = request.BackupName ?? await LatestOfScheduleAsync(db, source.Id, request.ScheduleName!, ct);
        var items = await _contents.AllItemsAsync(source.Name, backup, ct);
        var client = await _clients.GetAsync(target.Id, ct);
        var live = new LiveNames(client);
        var selected = request.Items.Count > 0 ? Picked(items, request.Items) : Select(items, request);
        var preview = new List<PreviewItem>();
        var namespaces = selected.Where(i => i.Namespace is not null).Select(i => Map(request, i.Namespace!))
            .Concat(selected.Where(i => i.Resource == "namespaces").Select(i => Map(request, i.Name))).Distinct().Order(StringComparer.Ordinal);
        foreach (var ns in namespaces)
        {
            if (!await live.ExistsAsync("v1", "namespaces", null, ns, ct))
                preview.Add(new PreviewItem("v1", "Namespace", "namespaces", null, null, ns, RestorePreview.Create));
        }
        foreach (var item in selected.Where(i => i.Resource != "namespaces"))
        {
            var ns = item.Namespace is null ? null : Map(request, item.Namespace);
            var exists = await live.ExistsAsync(item.ApiVersion, item.Resource, ns, item.Name, ct);
            preview.Add(new PreviewItem(item.ApiVersion, item.Kind, item.Resource, item.Namespace, ns, item.Name, exists ? RestorePreview.Skip : RestorePreview.Create));
        }
        var existing = preview.Where(p => p.Action == RestorePreview.Skip && p.Resource != "namespaces").ToList();
        if (existing.Count > 0)
            await CompareAsync(preview, existing, live, await _clients.GetAsync(source.Id, ct), backup, request, ct);
        return new RestorePreview(backup, preview);
    }

    /// <summary>Velero's comparison of an existing object with its backed-up version: both cleaned and labelled alike, then equal or not.</summary>
    private async Task CompareAsync(List<PreviewItem> preview, List<PreviewItem> existing, LiveNames live, k8s.Kubernetes source, string backup,
        RestoreRequest request, CancellationToken ct)
    {
        var keys = existing.Select(e => (e.Resource, e.SourceNamespace, e.Name)).ToHashSet();
        var backedUp = await _downloads.WithContentsAsync(source, _namespace, backup, async open =>
        {
            await using var stream = await open(ct);
            return await BackupArchiveReader.ReadItemsAsync(stream, keys, ArchiveLimits.Default, ct);
        }, ct);
        foreach (var item in existing)
        {
            if (!backedUp.TryGetValue((item.Resource, item.SourceNamespace, item.Name), out var json))
                continue;
            var desired = ItemCleaner.Clean(System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject(), item.Resource, item.Namespace, "preview", backup, request.PreserveNodePorts);
            var current = ItemCleaner.Reset(live.Get(item.ApiVersion, item.Resource, item.Namespace, item.Name)!.DeepClone().AsObject());
            ItemCleaner.AddRestoreLabels(current, "preview", backup);
            var differs = desired is not null && !System.Text.Json.Nodes.JsonNode.DeepEquals(current, desired);
            var action = differs && request.ExistingResourcePolicy == ExistingResourcePolicy.Update ? RestorePreview.Update : RestorePreview.Skip;
            preview[preview.IndexOf(item)] = item with { Action = action, Differs = differs };
        }
    }

    /// <summary>Velero's selection: the namespace, kind and label filters, cluster-scoped objects only when asked for (or for a whole-cluster restore).</summary>
    internal static List<ContentsItem> Select(IReadOnlyList<ContentsItem> items, RestoreRequest request)
    {
        var template = new BackupTemplate
        {
            Namespaces = request.IncludedNamespaces.Count == 0 || request.IncludedNamespaces.Contains("*") ? NamespaceScope.All : NamespaceScope.Selected,
            IncludedNamespaces = request.IncludedNamespaces,
            ExcludedNamespaces = request.ExcludedNamespaces,
            IncludedResources = request.IncludedResources,
            ExcludedResources = request.ExcludedResources,
            LabelSelector = request.LabelSelector,
            OrLabelSelectors = request.OrLabelSelectors,
        };
        var filter = new VeleroScopeFilter(template);
        var clusterScoped = request.IncludeClusterResources ?? template.Namespaces == NamespaceScope.All;
        return [.. items.Where(i => !NonRestorable.Contains(i.Resource)).Where(i => i.Namespace is { } ns
            ? filter.Matches(AsInventory(i))
            : clusterScoped && filter.KindAndLabelsTaken(AsInventory(i)) && (i.Resource != "namespaces" || filter.NamespaceTaken(i.Name)))];
    }

    private static List<ContentsItem> Picked(IReadOnlyList<ContentsItem> items, IReadOnlyList<RestoreItemRef> picked)
    {
        var wanted = picked.Select(p => p with { Namespace = string.IsNullOrEmpty(p.Namespace) ? null : p.Namespace }).ToHashSet();
        var found = items.Where(i => wanted.Contains(new RestoreItemRef(i.Resource, i.Namespace, i.Name))).ToList();
        if (found.Count != wanted.Count)
        {
            var missing = wanted.Except(found.Select(i => new RestoreItemRef(i.Resource, i.Namespace, i.Name))).First();
            throw new ValidationException("items", $"items: the backup holds no {missing.Resource} {(missing.Namespace is null ? "" : missing.Namespace + "/")}{missing.Name}.");
        }
        return found;
    }

    private static string Map(RestoreRequest request, string ns) => request.NamespaceMapping.GetValueOrDefault(ns, ns);

    // The index keeps Velero's group-resource ("deployments.apps"); the inventory's form is "apps/deployments".
    private static InventoryObject AsInventory(ContentsItem i)
    {
        var dot = i.Resource.IndexOf('.');
        var resource = dot < 0 ? i.Resource : $"{i.Resource[(dot + 1)..]}/{i.Resource[..dot]}";
        return new InventoryObject(i.Kind, i.ApiVersion, resource, i.Namespace, i.Name, i.Labels, null);
    }

    private static async Task<string> LatestOfScheduleAsync(AppDbContext db, int clusterId, string schedule, CancellationToken ct) =>
        await db.BackupRecords.AsNoTracking()
            .Where(b => b.ClusterId == clusterId && b.Schedule == schedule && b.DeletedUtc == null
                && (b.Phase == BackupPhases.Completed || b.Phase == BackupPhases.PartiallyFailed))
            .OrderByDescending(b => b.CreatedUtc).Select(b => b.Name).FirstOrDefaultAsync(ct)
        ?? throw new ValidationException("scheduleName", $"scheduleName: schedule {schedule} has no Completed or PartiallyFailed backup yet.");

    /// <summary>Live objects: one paged list per collection, remembered for the rest of the preview.</summary>
    private sealed class LiveNames(k8s.Kubernetes client)
    {
        private readonly Dictionary<string, Dictionary<string, System.Text.Json.Nodes.JsonObject>> _lists = [];

        public async Task<bool> ExistsAsync(string apiVersion, string groupResource, string? ns, string name, CancellationToken ct)
        {
            var path = ItemRestorer.Collection(apiVersion, groupResource, ns);
            if (!_lists.TryGetValue(path, out var objects))
            {
                objects = (await client.ListAllAsync(path, ct)).ToDictionary(o => (string?)o["metadata"]?["name"] ?? "");
                _lists[path] = objects;
            }
            return objects.ContainsKey(name);
        }

        public System.Text.Json.Nodes.JsonObject? Get(string apiVersion, string groupResource, string? ns, string name) =>
            _lists.GetValueOrDefault(ItemRestorer.Collection(apiVersion, groupResource, ns))?.GetValueOrDefault(name);
    }
}
