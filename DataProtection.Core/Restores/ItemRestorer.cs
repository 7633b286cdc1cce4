using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;

namespace DataProtection.Core.Restores;

/// <summary>
/// Writes hand-picked backed-up objects into the target cluster as Velero's restore would: namespaces first (created when
/// missing), objects in Velero's default priority order, each cleaned (<see cref="ItemCleaner"/>), created, or handled as
/// existing by the policy (skipped, with Velero's warning when it differs; or updated). Results go into the run in Velero's
/// file formats. Re-running is safe: an object that already carries this restore's name label counts as created.
/// </summary>
internal sealed class ItemRestorer(k8s.Kubernetes target, ItemRestoreRun run, RestoreRequest request, TimeProvider time)
{
    /// <summary>Velero's default <c>--restore-resource-priorities</c> (the rest follow, alphabetically).</summary>
    private static readonly string[] Priorities =
    [
        "customresourcedefinitions", "namespaces", "storageclasses", "volumesnapshotclass.snapshot.storage.k8s.io",
        "volumesnapshotcontents.snapshot.storage.k8s.io", "volumesnapshots.snapshot.storage.k8s.io", "datauploads.velero.io", "persistentvolumes",
        "persistentvolumeclaims", "clusterroles", "roles", "serviceaccounts", "clusterrolebindings", "rolebindings", "secrets", "configmaps",
        "limitranges", "priorityclasses", "pods", "replicasets.apps", "clusterclasses.cluster.x-k8s.io", "endpoints", "services",
    ];

    private readonly SortedDictionary<string, List<string>> _resourceList = new(StringComparer.Ordinal);
    private readonly Results _warnings = new(), _errors = new();
    private readonly StringBuilder _log = new(run.Log);

    /// <summary>
    /// Restores <paramref name="items"/> (group-resource and backed-up JSON) and calls <paramref name="progress"/> after each;
    /// <paramref name="namespaces"/> holds the backed-up Namespace objects the items need, by source name, when the backup has them.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<(string Resource, JsonObject Object)> items, IReadOnlyDictionary<string, JsonObject> namespaces,
        Func<Task> progress, CancellationToken ct)
    {
        Log("info", $"Starting item-by-item restore of {items.Count} objects from backup {run.BackupName}");
        foreach (var source in NamespacesOf(items))
        {
            var ns = request.NamespaceMapping.GetValueOrDefault(source, source);
            var created = await EnsureNamespaceAsync(ns, namespaces.GetValueOrDefault(source), ct);
            if (!created && items.Any(i => i.Resource == "namespaces" && Name(i.Object) == source))
                Record("v1/Namespace", null, ns, "skipped");
        }
        foreach (var (resource, obj) in items.OrderBy(i => Priority(i.Resource)).ThenBy(i => i.Resource, StringComparer.Ordinal)
            .ThenBy(i => (string?)i.Object["metadata"]?["namespace"], StringComparer.Ordinal).ThenBy(i => Name(i.Object), StringComparer.Ordinal))
        {
            await RestoreAsync(resource, obj, ct);
            run.ItemsRestored++;
            await progress();
        }
        run.Warnings = _warnings.Count;
        run.Errors = _errors.Count;
        run.ResourceListJson = new JsonObject([.. _resourceList.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonArray([.. e.Value.Select(v => (JsonNode?)v)])))])
            .ToJsonString();
        run.ResultsJson = new JsonObject { ["warnings"] = _warnings.ToJson(), ["errors"] = _errors.ToJson() }.ToJsonString();
        Log("info", $"Item-by-item restore finished: {run.ItemsRestored} of {run.TotalItems} objects, {run.Warnings} warnings, {run.Errors} errors");
        run.Log = _log.ToString();
    }

    /// <summary>The source namespaces the items live in, and those picked as objects themselves.</summary>
    internal static IEnumerable<string> NamespacesOf(IEnumerable<(string Resource, JsonObject Object)> items) => items
        .Select(i => i.Resource == "namespaces" ? Name(i.Object) : (string?)i.Object["metadata"]?["namespace"]).OfType<string>()
        .Distinct().Order(StringComparer.Ordinal);

    /// <summary>Creates the namespace when missing (from its backed-up object when there is one, as Velero does); true when created.</summary>
    private async Task<bool> EnsureNamespaceAsync(string ns, JsonObject? backedUp, CancellationToken ct)
    {
        if (await target.GetAsync($"api/v1/namespaces/{ns}", ct) is not null)
            return false;
        var obj = backedUp is null ? new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject() }
            : ItemCleaner.Reset(backedUp.DeepClone().AsObject());
        obj["metadata"]!["name"] = ns;
        obj.Remove("spec");
        ItemCleaner.AddRestoreLabels(obj, run.Name, run.BackupName);
        await CreateOrIgnoreConflictAsync("api/v1/namespaces", obj, ct);
        Record("v1/Namespace", null, ns, "created");
        Log("info", $"Created namespace {ns}");
        return true;
    }

    private async Task RestoreAsync(string resource, JsonObject backedUp, CancellationToken ct)
    {
        var kind = (string?)backedUp["kind"] ?? resource;
        var apiVersion = (string?)backedUp["apiVersion"] ?? "v1";
        var sourceNs = (string?)backedUp["metadata"]?["namespace"];
        var ns = sourceNs is null ? null : request.NamespaceMapping.GetValueOrDefault(sourceNs, sourceNs);
        var name = Name(backedUp);
        var gvk = $"{apiVersion}/{kind}";
        if (resource == "namespaces")
            return; // handled with the namespaces the objects need, before them
        if (resource == "persistentvolumes")
        {
            _warnings.Add(null, $"could not restore, PersistentVolume \"{name}\": a volume's data comes from its snapshot, which only a Velero restore brings back");
            Record(gvk, ns, name, "skipped");
            return;
        }
        var obj = ItemCleaner.Clean(backedUp, resource, ns, run.Name, run.BackupName, request.PreserveNodePorts);
        if (obj is null)
        {
            Log("info", $"{kind} {ns}/{name} is finished (a completed Pod or Job); Velero does not restore it");
            Record(gvk, ns, name, "skipped");
            return;
        }
        var collection = Collection(apiVersion, resource, ns);
        try
        {
            if (await CreateOrIgnoreConflictAsync(collection, obj, ct))
            {
                Record(gvk, ns, name, "created");
                Log("info", $"Restored {kind} {Where(ns, name)}");
                return;
            }
            await ExistingAsync(gvk, kind, collection, ns, name, obj, ct);
        }
        catch (KubernetesApiException e)
        {
            _errors.Add(ns, $"error restoring {resource}/{Where(ns, name)}: {e.Message}");
            Record(gvk, ns, name, "failed");
            Log("error", $"Could not restore {kind} {Where(ns, name)}: {e.Message}");
        }
    }

    private async Task ExistingAsync(string gvk, string kind, string collection, string? ns, string name, JsonObject obj, CancellationToken ct)
    {
        var live = await target.GetAsync($"{collection}/{name}", ct) ?? throw new KubernetesApiException(HttpStatusCode.Conflict, "it exists but could not be read");
        if ((string?)live["metadata"]?["labels"]?[ItemCleaner.RestoreNameLabel] == ItemCleaner.LabelValue(run.Name))
        {
            Record(gvk, ns, name, "created"); // written by an earlier run of this same restore
            return;
        }
        // As Velero: an identical object is skipped whatever the policy; a different one is updated, or left with a warning.
        var current = ItemCleaner.Reset(live.DeepClone().AsObject());
        ItemCleaner.AddRestoreLabels(current, run.Name, run.BackupName);
        if (JsonNode.DeepEquals(current, obj))
        {
            Record(gvk, ns, name, "skipped");
            Log("info", $"Restore of {kind} {Where(ns, name)} skipped: it already exists in the cluster and is the same as the backed up version");
            return;
        }
        if (request.ExistingResourcePolicy == ExistingResourcePolicy.Update)
        {
            obj["metadata"]!["resourceVersion"] = (string?)live["metadata"]?["resourceVersion"];
            await target.ReplaceAsync($"{collection}/{name}", obj, ct);
            Record(gvk, ns, name, "updated");
            Log("info", $"Updated {kind} {Where(ns, name)}: it existed, different, and the policy is update");
            return;
        }
        _warnings.Add(ns, $"could not restore, {kind} \"{name}\" already exists. Warning: the in-cluster version is different than the backed-up version");
        Record(gvk, ns, name, "failed");
    }

    /// <summary>True when created; false when it already exists (Velero creates first and looks at the existing object only then).</summary>
    private async Task<bool> CreateOrIgnoreConflictAsync(string collection, JsonObject obj, CancellationToken ct)
    {
        try
        {
            await target.CreateAsync(collection, obj, ct);
            return true;
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private void Record(string gvk, string? ns, string name, string action)
    {
        if (!_resourceList.TryGetValue(gvk, out var entries))
            _resourceList[gvk] = entries = [];
        entries.Add($"{Where(ns, name)}({action})");
    }

    private void Log(string level, string message) => _log.Append(CultureInfo.InvariantCulture,
        $"time=\"{time.GetUtcNow().UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\" level={level} msg=\"{message.Replace("\"", "\\\"", StringComparison.Ordinal)}\" restore={run.ClusterName}/{run.Name} logSource=\"dataprotection/item-by-item\"\n");

    /// <summary>The collection of a Velero group-resource (<c>deployments.apps</c>) in the given apiVersion.</summary>
    internal static string Collection(string apiVersion, string groupResource, string? ns) =>
        KubeApi.CollectionPath(apiVersion, groupResource.Split('.', 2)[0], ns);

    private static int Priority(string resource) => Array.IndexOf(Priorities, resource) is var i and >= 0 ? i : Priorities.Length;

    private static string Name(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? "";

    private static string Where(string? ns, string name) => ns is null ? name : $"{ns}/{name}";

    /// <summary>Velero's pkg/util/results.Result: messages for Velero, the cluster and each namespace.</summary>
    private sealed class Results
    {
        private readonly List<string> _cluster = [];
        private readonly SortedDictionary<string, List<string>> _namespaces = new(StringComparer.Ordinal);

        public int Count { get; private set; }

        public void Add(string? ns, string message)
        {
            Count++;
            if (ns is null)
                _cluster.Add(message);
            else if (_namespaces.TryGetValue(ns, out var list))
                list.Add(message);
            else
                _namespaces[ns] = [message];
        }

        public JsonObject ToJson() => new()
        {
            ["cluster"] = new JsonArray([.. _cluster.Select(m => (JsonNode?)m)]),
            ["namespaces"] = new JsonObject([.. _namespaces.Select(n => KeyValuePair.Create(n.Key, (JsonNode?)new JsonArray([.. n.Value.Select(m => (JsonNode?)m)])))]),
        };
    }
}
