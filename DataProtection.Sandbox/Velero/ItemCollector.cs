using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// Velero's item collector: lists every selected resource and spools the selected items to a temp file (one JSON line each),
/// so totalItems is known before the first item is written and memory stays bounded.
/// </summary>
internal sealed class ItemCollector(KubeClient kube, BackupFilter filter, BackupLog log, BackupResults results)
{
    public sealed record Collected(IReadOnlyList<ApiResource> Resources, string SpoolPath, int Count);

    public async Task<Collected> CollectAsync(string spoolPath, CancellationToken ct)
    {
        var resources = (await Discovery.PreferredResourcesAsync(kube, ct)).Where(filter.IncludesResource).ToList();
        await ReportMissingNamespacesAsync(ct);
        var namespacesWithItems = new HashSet<string>();
        var count = 0;
        await using var spool = new StreamWriter(spoolPath);
        // Namespaces go last: a namespace is kept when it matches or when any of its items was selected.
        foreach (var (resource, index) in resources.Select((r, i) => (r, i)).OrderBy(p => p.r.GroupResource == "namespaces"))
        {
            log.Info($"Listing items for resource {resource.GroupResource}");
            await foreach (var item in ListAsync(resource, ct))
            {
                var metadata = item["metadata"]!;
                var name = (string)metadata["name"]!;
                var ns = (string?)metadata["namespace"] ?? "";
                var labels = (metadata["labels"] as JsonObject ?? []).ToDictionary(p => p.Key, p => (string?)p.Value ?? "");
                var selected = resource.GroupResource == "namespaces"
                    ? filter.IncludesNamespace(name) && (filter.IncludesLabels(labels) || namespacesWithItems.Contains(name))
                    : (!resource.Namespaced || filter.IncludesNamespace(ns)) && filter.IncludesLabels(labels);
                if (!selected)
                    continue;
                if (resource.Namespaced)
                    namespacesWithItems.Add(ns);
                item["apiVersion"] ??= resource.ApiVersion;
                item["kind"] ??= resource.Kind;
                await spool.WriteLineAsync(new JsonObject { ["r"] = index, ["item"] = item }.ToJsonString().AsMemory(), ct);
                count++;
            }
        }
        return new Collected(resources, spoolPath, count);
    }

    /// <summary>A namespace named in includedNamespaces that does not exist makes the backup PartiallyFailed, as in Velero 1.14+.</summary>
    private async Task ReportMissingNamespacesAsync(CancellationToken ct)
    {
        var literal = filter.LiteralNamespaces.ToList();
        if (literal.Count == 0)
            return;
        var existing = ((await kube.ListAsync("api/v1/namespaces", ct))["items"] as JsonArray ?? [])
            .Select(n => (string?)n?["metadata"]?["name"]).ToHashSet();
        foreach (var missing in literal.Where(n => !existing.Contains(n)))
        {
            var message = $"fail to get the namespace {missing} specified in backup.Spec.IncludedNamespaces";
            results.AddVeleroError(message);
            log.Error(message, "namespaces");
        }
    }

    private async IAsyncEnumerable<JsonObject> ListAsync(ApiResource resource, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? next = "";
        while (next is not null)
        {
            JsonObject page;
            try
            {
                page = await kube.ListAsync($"{resource.CollectionPath}?limit=500{(next.Length > 0 ? "&continue=" + Uri.EscapeDataString(next) : "")}", ct);
            }
            catch (HttpRequestException e)
            {
                results.AddError(null, $"Error listing items for resource {resource.GroupResource}: {e.Message}");
                log.Error($"Error listing items: {e.Message}", resource.GroupResource);
                yield break;
            }
            foreach (var item in (page["items"] as JsonArray ?? []).OfType<JsonObject>())
                yield return (JsonObject)item.DeepClone();
            next = (string?)page["metadata"]?["continue"] is { Length: > 0 } token ? token : null;
        }
    }
}
