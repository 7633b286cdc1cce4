using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Inventory;

/// <summary>
/// Read-only browsing of a registered cluster. Every list is metadata-only and paginated (never an unbounded LIST);
/// selectors are validated locally, then evaluated by the server.
/// </summary>
public sealed class InventoryService(
    IDbContextFactory<AppDbContext> dbFactory,
    IKubernetesClientFactory clients,
    IOptions<ClustersOptions> options,
    TimeProvider time,
    ILogger<InventoryService> logger)
{
    private static readonly TimeSpan DiscoveryLifetime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<int, (DateTimeOffset At, IReadOnlyList<ResourceKind> Kinds)> _discovery = new();

    public Task<IReadOnlyList<ResourceKind>> ListKindsAsync(Actor actor, string cluster, CancellationToken cancellationToken) =>
        CallAsync(actor, cluster, (id, client, ct) => DiscoverAsync(id, client, ct), cancellationToken);

    /// <summary>Namespaces, kinds and label keys/values with counts, from one scan of the cluster's metadata.</summary>
    public Task<InventorySummary> GetInventorySummaryAsync(Actor actor, string cluster, CancellationToken cancellationToken) =>
        CallAsync(actor, cluster, async (id, client, ct) =>
        {
            var kinds = await DiscoverAsync(id, client, ct);
            var (perNamespace, labels) = await InventoryScanner.ScanAsync(client, kinds, ct);
            var namespaces = new List<NamespaceSummary>();
            await foreach (var ns in client.ListAllMetadataAsync("/api/v1/namespaces", null, ct))
            {
                namespaces.Add(new NamespaceSummary(ns.Name, ns.Labels, ns.CreatedUtc, perNamespace.GetValueOrDefault(ns.Name)));
            }
            return new InventorySummary(namespaces.OrderBy(n => n.Name, StringComparer.Ordinal).ToList(), kinds, labels);
        }, cancellationToken);

    public async Task<IReadOnlyList<NamespaceSummary>> ListNamespacesAsync(Actor actor, string cluster, CancellationToken cancellationToken) =>
        (await GetInventorySummaryAsync(actor, cluster, cancellationToken)).Namespaces;

    public async Task<IReadOnlyList<LabelKeySummary>> ListLabelsAsync(Actor actor, string cluster, CancellationToken cancellationToken) =>
        (await GetInventorySummaryAsync(actor, cluster, cancellationToken)).Labels;

    /// <summary>One page of namespaced objects across kinds; pass the returned <see cref="InventoryObjectPage.Continue"/> for the next.</summary>
    public Task<InventoryObjectPage> ListObjectsAsync(Actor actor, string cluster, InventoryQuery query, int limit, string? continueToken, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        var selector = ParseSelector(query.Selector);
        if (limit is < 1 or > 500)
        {
            throw new ValidationException("limit", "The limit must be between 1 and 500.");
        }
        var start = string.IsNullOrEmpty(continueToken) ? ((string?)null, (string?)null) : ContinueToken.Decode(continueToken);
        return CallAsync(actor, cluster, async (id, client, ct) =>
        {
            var kinds = (await DiscoverAsync(id, client, ct)).Where(InventoryScanner.IsInventoried)
                .Where(k => string.IsNullOrEmpty(query.Kind) || k.Key == query.Kind || k.Kind == query.Kind).ToList();
            if (!string.IsNullOrEmpty(query.Kind) && kinds.Count == 0)
            {
                throw new ValidationException("kind", $"The cluster has no listable namespaced kind '{query.Kind}'.");
            }
            var index = start.Item1 is null ? 0 : kinds.FindIndex(k => k.Key == start.Item1);
            if (index < 0)
            {
                throw new ValidationException("continue", "The continue token names a kind the cluster no longer serves; start again from the first page.");
            }
            var kubeContinue = start.Item2;
            var items = new List<InventoryObject>();
            while (items.Count < limit && index < kinds.Count)
            {
                var kind = kinds[index];
                var page = await client.ListMetadataAsync(kind.CollectionPath(NullIfEmpty(query.Namespace)), limit - items.Count, kubeContinue,
                    selector.IsEmpty ? null : selector.ToString(), ct);
                items.AddRange(page.Items.Select(m => new InventoryObject(kind.Kind, kind.ApiVersion, kind.Key, m.Namespace, m.Name, m.Labels, m.CreatedUtc)));
                kubeContinue = page.Continue;
                if (kubeContinue is null)
                {
                    index++;
                }
            }
            return new InventoryObjectPage(items, index < kinds.Count ? ContinueToken.Encode(kinds[index].Key, kubeContinue) : null);
        }, cancellationToken);
    }

    /// <summary>The object as YAML, without managedFields and with Secret values masked.</summary>
    public Task<string> GetObjectYamlAsync(Actor actor, string cluster, string kind, string? ns, string name, CancellationToken cancellationToken) =>
        CallAsync(actor, cluster, async (id, client, ct) =>
        {
            var resource = (await DiscoverAsync(id, client, ct)).FirstOrDefault(k => k.Key == kind || k.Kind == kind)
                ?? throw new ValidationException("kind", $"The cluster has no kind '{kind}'.");
            var path = $"{resource.CollectionPath(resource.Namespaced ? ns : null)}/{Uri.EscapeDataString(name)}";
            try
            {
                using var json = await client.GetJsonAsync(path, ct);
                return ObjectYaml.ToYaml(JsonNode.Parse(json.RootElement.GetRawText())!);
            }
            catch (KubernetesApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                throw new NotFoundException($"{resource.Kind} {ns}/{name} does not exist in cluster {cluster}.");
            }
        }, cancellationToken);

    /// <summary>Throws a <see cref="ValidationException"/> on field "selector" that names the position of the mistake.</summary>
    public static LabelSelector ParseSelector(string? selector)
    {
        try
        {
            return LabelSelector.Parse(selector);
        }
        catch (LabelSelectorException ex)
        {
            throw new ValidationException("selector", ex.Message);
        }
    }

    private async Task<IReadOnlyList<ResourceKind>> DiscoverAsync(int clusterId, k8s.Kubernetes client, CancellationToken ct)
    {
        if (_discovery.TryGetValue(clusterId, out var cached) && time.GetUtcNow() - cached.At < DiscoveryLifetime)
        {
            return cached.Kinds;
        }
        var kinds = await ApiDiscovery.DiscoverAsync(client, ct);
        _discovery[clusterId] = (time.GetUtcNow(), kinds);
        return kinds;
    }

    private async Task<T> CallAsync<T>(Actor actor, string cluster, Func<int, k8s.Kubernetes, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        Cluster found;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            found = await ClusterService.FindAsync(db, cluster, cancellationToken);
        }
        if (!found.Enabled)
        {
            throw new ValidationException("cluster", $"Cluster {found.Name} is disabled; enable it to browse its inventory.");
        }
        var client = await clients.GetAsync(found.Id, cancellationToken);
        try
        {
            return await work(found.Id, client, cancellationToken);
        }
        catch (KubernetesApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest)
        {
            throw new ValidationException("selector", ex.Message);
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or k8s.Autorest.HttpOperationException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var (_, message) = KubernetesErrors.Describe(ex, found.Server, options.Value.Timeout, fromKubeconfig: true);
            logger.LogWarning("Inventory request to cluster {Cluster} failed: {Error}", found.Name, message);
            throw new ClusterUnavailableException(message, ex);
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
