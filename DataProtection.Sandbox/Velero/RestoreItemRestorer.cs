using System.Net;
using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// Velero's restoreItem for one item: ensure its namespace, clean it, create it, or apply the existingResourcePolicy when it is
/// already there; every item touched is recorded with its action for the restore's resource list.
/// </summary>
internal sealed class RestoreItemRestorer(KubeClient kube, RestoreArchive archive, JsonObject spec, string restoreName, RestoreResults results,
    RestoreLog log, IReadOnlyList<ApiResource> discovery)
{
    private readonly Dictionary<(string Key, string Ns, string Name), string> _restored = [];
    private readonly HashSet<string> _existingNamespaces = [];
    private readonly HashSet<string> _pvsToProvision = [];
    private readonly string _backupName = (string?)spec["backupName"] ?? "";
    private readonly string? _policy = (string?)spec["existingResourcePolicy"];

    public int RestoredCount => _restored.Count;

    public string TargetNamespace(string ns) => (string?)spec["namespaceMapping"]?[ns] ?? ns;

    /// <summary>EnsureNamespaceExistsAndIsReady, with the backed-up labels, annotations and spec under the mapped name.</summary>
    public async Task<bool> EnsureNamespaceAsync(string ns, CancellationToken ct)
    {
        var target = TargetNamespace(ns);
        if (_existingNamespaces.Contains(target))
            return true;
        try
        {
            if (await kube.GetAsync($"api/v1/namespaces/{target}", ct) is null)
            {
                var backedUp = await archive.ReadAsync("namespaces", "", ns, ct);
                var metadata = new JsonObject { ["name"] = target };
                foreach (var field in new[] { "labels", "annotations" })
                    if (backedUp?["metadata"]?[field] is JsonObject value)
                        metadata[field] = value.DeepClone();
                var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = metadata };
                if (backedUp?["spec"] is JsonObject nsSpec)
                    body["spec"] = nsSpec.DeepClone();
                await kube.CreateAsync("api/v1/namespaces", body, ct);
                _restored[("v1/Namespace", "", target)] = "created";
            }
        }
        catch (HttpRequestException e) when (e.StatusCode != HttpStatusCode.Conflict)
        {
            results.VeleroError($"error creating namespace {target}: {Message(e)}");
            return false;
        }
        _existingNamespaces.Add(target);
        return true;
    }

    public async Task RestoreAsync(JsonObject obj, string groupResource, string ns, CancellationToken ct)
    {
        var target = TargetNamespace(ns);
        if (ns.Length > 0 && !await EnsureNamespaceAsync(ns, ct))
            return;
        if (RestoreItemActions.IsCompleted(obj, groupResource))
        {
            log.Info($"{Id(ns, (string?)obj["metadata"]?["name"] ?? "")} is complete - skipping");
            return;
        }
        var name = (string?)obj["metadata"]?["name"] ?? "";
        var key = ($"{(string?)obj["apiVersion"]}/{(string?)obj["kind"]}", target, name);
        if (_restored.ContainsKey(key))
            return;
        var (warnings, errors) = (results.WarningCount, results.ErrorCount);
        var action = await RestoreItemAsync(obj, groupResource, target, name, ct);
        _restored[key] = action ?? (warnings == results.WarningCount && errors == results.ErrorCount ? "skipped" : "failed");
    }

    /// <summary>The action taken (created or updated), or null when the item was left as it is.</summary>
    private async Task<string?> RestoreItemAsync(JsonObject obj, string groupResource, string ns, string name, CancellationToken ct)
    {
        var resourceId = ns.Length == 0 ? $"{groupResource}/{name}" : $"{groupResource}/{ns}/{name}";
        var status = obj["status"]?.DeepClone();
        if (!Prepare(obj, groupResource, name))
            return null;
        if (ns.Length > 0)
            obj["metadata"]!["namespace"] = ns;
        RestoreItemActions.AddRestoreLabels(obj, restoreName, _backupName);
        var collection = Collection((string?)obj["apiVersion"] ?? "v1", groupResource, ns);
        log.Info($"Attempting to restore {(string?)obj["kind"]}: {name}.");
        try
        {
            var existing = await kube.GetAsync($"{collection}/{name}", ct);
            if (existing is null)
            {
                try
                {
                    await kube.CreateAsync(collection, obj, ct);
                    if (status is not null && RestoreFilter.RestoresStatus(spec, obj, groupResource, discovery.FirstOrDefault(r => r.GroupResource == groupResource)))
                        await RestoreStatusAsync($"{collection}/{name}/status", status, ns, ct);
                    return "created";
                }
                catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Conflict)
                {
                    existing = await kube.GetAsync($"{collection}/{name}", ct);
                }
            }
            return existing is null ? null : await ExistingAsync(existing, obj, collection, ns, name, ct);
        }
        catch (HttpRequestException e)
        {
            log.Write("error", $"error restoring {name}: {Message(e)}");
            results.Error(ns, $"error restoring {resourceId}: {Message(e)}");
            return null;
        }
    }

    private async Task RestoreStatusAsync(string path, JsonNode status, string ns, CancellationToken ct)
    {
        try
        {
            await kube.MergePatchAsync(path, new JsonObject { ["status"] = status }, ct);
        }
        catch (HttpRequestException e)
        {
            log.Info($"status field update failed {path}: {Message(e)}");
            results.Warning(ns, Message(e));
        }
    }

    /// <summary>The per-kind work before creation; false when Velero leaves the item to be provisioned instead.</summary>
    private bool Prepare(JsonObject obj, string groupResource, string name)
    {
        if (groupResource == "persistentvolumes")
        {
            if ((string?)obj["spec"]?["persistentVolumeReclaimPolicy"] == "Delete")
            {
                log.Info("Dynamically re-provisioning persistent volume because it doesn't have a snapshot and its reclaim policy is Delete.");
                _pvsToProvision.Add(name);
                return false;
            }
            if (obj["spec"]?["claimRef"] is JsonObject claimRef && (string?)claimRef["namespace"] is { } claimNs)
                claimRef["namespace"] = TargetNamespace(claimNs);
            RestoreItemActions.ResetVolumeBinding(obj);
        }
        RestoreItemActions.Reset(obj);
        switch (groupResource)
        {
            case "services":
                RestoreItemActions.Service(obj, (bool?)spec["preserveNodePorts"] == true);
                break;
            case "pods":
                RestoreItemActions.Pod(obj);
                break;
        }
        if (groupResource == "persistentvolumeclaims" && (string?)obj["spec"]?["volumeName"] is { } volume)
        {
            RestoreItemActions.ResetVolumeBinding(obj);
            if (_pvsToProvision.Contains(volume))
                obj["spec"]!.AsObject().Remove("volumeName");
        }
        return true;
    }

    private async Task<string?> ExistingAsync(JsonObject existing, JsonObject obj, string collection, string ns, string name, CancellationToken ct)
    {
        var fromCluster = RestoreItemActions.Reset(existing);
        var labels = obj["metadata"]!["labels"]!;
        RestoreItemActions.AddRestoreLabels(fromCluster, (string)labels["velero.io/restore-name"]!, (string)labels["velero.io/backup-name"]!);
        if (JsonNode.DeepEquals(fromCluster, obj))
        {
            log.Info($"Restore of {name} skipped: it already exists in the cluster and is the same as the backed up version");
            return null;
        }
        var kind = (string?)obj["kind"];
        switch (_policy)
        {
            case "update":
                var blanked = (JsonObject)fromCluster.DeepClone();
                blanked["metadata"]!["labels"]!["velero.io/backup-name"] = "";
                blanked["metadata"]!["labels"]!["velero.io/restore-name"] = "";
                try
                {
                    await kube.MergePatchAsync($"{collection}/{name}", MergePatch.Diff(blanked, obj), ct);
                    log.Info($"{kind} {ns}/{name} successfully updated");
                    return "updated";
                }
                catch (HttpRequestException e)
                {
                    results.Warning(ns, Message(e));
                    return null;
                }
            case "none":
                results.Warning(ns, $"could not restore, {kind} \"{name}\" already exists. Warning: the in-cluster version is different than the backed-up version");
                return null;
            default:
                results.Warning(ns, $"could not restore, {kind}:{name} already exists. Warning: the in-cluster version is different than the backed-up version");
                return null;
        }
    }

    /// <summary>The restore's resource list: "&lt;apiVersion&gt;/&lt;Kind&gt;" → sorted "ns/name(action)" (FORMAT.md §2.4).</summary>
    public JsonObject ResourceList() =>
        new(_restored.GroupBy(p => p.Key.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonArray(g
                .Select(p => (JsonNode?)$"{(p.Key.Ns.Length > 0 ? p.Key.Ns + "/" : "")}{p.Key.Name}({p.Value})")
                .OrderBy(v => (string)v!, StringComparer.Ordinal).ToArray()))));

    private static string Collection(string apiVersion, string groupResource, string ns) =>
        (apiVersion.Contains('/') ? $"apis/{apiVersion}" : $"api/{apiVersion}") + (ns.Length > 0 ? $"/namespaces/{ns}" : "") + $"/{groupResource.Split('.')[0]}";

    private static string Id(string ns, string name) => ns.Length == 0 ? name : $"{ns}/{name}";

    /// <summary>The API server's Status message, as client-go's error string carries it.</summary>
    private static string Message(HttpRequestException e)
    {
        var brace = e.Message.IndexOf('{');
        try
        {
            return brace >= 0 && (string?)JsonNode.Parse(e.Message[brace..])?["message"] is { } message ? message : e.Message;
        }
        catch (System.Text.Json.JsonException)
        {
            return e.Message;
        }
    }
}
