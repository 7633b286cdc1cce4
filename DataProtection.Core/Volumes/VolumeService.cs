using System.Net;
using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Volumes;

/// <summary>
/// Which pod volumes Velero's file-system backup takes (opt-in annotation), and toggling that on the workload that owns the
/// pod. Changes go to the owner's pod template, so a real cluster rolls the pods; until then the pod shows "pending rollout".
/// </summary>
public sealed class VolumeService
{
    private const int MaxAttempts = 3;
    private readonly ClusterCalls _calls;
    private readonly IAuditLog _audit;
    private readonly ILogger<VolumeService> _logger;

    internal VolumeService(ClusterCalls calls, IAuditLog audit, ILogger<VolumeService> logger) => (_calls, _audit, _logger) = (calls, audit, logger);

    public Task<IReadOnlyList<string>> ListNamespacesAsync(Actor actor, string cluster, CancellationToken cancellationToken) =>
        _calls.RunAsync(actor, Roles.Viewer, cluster, async (client, ct) =>
        {
            var names = new List<string>();
            await foreach (var ns in client.ListAllMetadataAsync("/api/v1/namespaces", null, ct))
            {
                names.Add(ns.Name);
            }
            return (IReadOnlyList<string>)names.Order(StringComparer.Ordinal).ToList();
        }, cancellationToken);

    /// <summary>One page of the namespace's pods with their volumes; claims are read with one paged LIST, owners once each.</summary>
    public Task<PodVolumesPage> ListPodVolumesAsync(Actor actor, string cluster, string ns, int limit, string? continueToken, CancellationToken cancellationToken)
    {
        RequireName("namespace", ns);
        if (limit is < 1 or > 500)
        {
            throw new ValidationException("limit", "The limit must be between 1 and 500.");
        }
        return _calls.RunAsync(actor, Roles.Viewer, cluster, async (client, ct) =>
        {
            await RequireNamespaceAsync(client, cluster, ns, ct);
            var (pods, next) = await client.ListPageAsync($"{VolumeKube.NamespacePath(ns)}/pods", limit, continueToken, ct);
            var claims = PodVolumeReader.ClaimSizes(await client.ListAllAsync($"{VolumeKube.NamespacePath(ns)}/persistentvolumeclaims", ct));
            var objects = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
            async Task<JsonObject?> GetOnceAsync(string path) =>
                objects.TryGetValue(path, out var cached) ? cached : objects[path] = await client.GetObjectAsync(path, ct);
            var items = new List<PodVolumes>();
            foreach (var pod in pods)
            {
                var owner = await WorkloadOwners.ResolveAsync(ns, pod, GetOnceAsync);
                var ownerObject = owner.Owner.Kind == "Pod" ? pod : owner.Owner.Editable ? await GetOnceAsync(owner.Path) : null;
                items.Add(PodVolumeReader.Read(pod, owner, ownerObject, claims));
            }
            return new PodVolumesPage(items, next);
        }, cancellationToken);
    }

    /// <summary>
    /// Adds or removes <paramref name="volume"/> in the owner's <c>backup.velero.io/backup-volumes</c> (the pod's own for a
    /// bare pod). A JSON merge patch carrying the resourceVersion we read makes the server refuse (409) if the object changed
    /// in between; we then read again and recompute the list, so a concurrent edit of the same annotation is not lost.
    /// </summary>
    public Task<SetOptInResult> SetOptInAsync(Actor actor, string cluster, string ns, string pod, string volume, bool optedIn, CancellationToken cancellationToken) =>
        _audit.RunAsync(actor, AuditActions.VolumeOptIn, scope =>
        {
            scope.Target = new AuditTarget(cluster, "Pod", ns, pod);
            scope.Parameters = new { pod, volume, optedIn };
            actor.Require(Roles.Operator);
            RequireName("namespace", ns);
            RequireName("pod", pod);
            RequireName("volume", volume);
            return _calls.RunAsync(actor, Roles.Operator, cluster, async (client, ct) =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        var result = await SetOnceAsync(client, cluster, ns, pod, volume, optedIn, ct);
                        scope.Target = new AuditTarget(cluster, result.Owner.Kind, ns, result.Owner.Name);
                        return result;
                    }
                    catch (KubernetesApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict && attempt < MaxAttempts)
                    {
                        _logger.LogInformation("The owner of pod {Namespace}/{Pod} changed while we patched it; reading it again", ns, pod);
                    }
                    catch (KubernetesApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
                    {
                        throw new ConflictException($"The owner of pod {ns}/{pod} kept changing while we patched it ({MaxAttempts} attempts); try again.");
                    }
                }
            }, scope.CancellationToken, refusedField: "volume");
        }, cancellationToken);

    private static async Task<SetOptInResult> SetOnceAsync(k8s.Kubernetes client, string cluster, string ns, string podName, string volume, bool optedIn, CancellationToken ct)
    {
        var pod = await client.GetObjectAsync($"{VolumeKube.NamespacePath(ns)}/pods/{Uri.EscapeDataString(podName)}", ct)
            ?? throw new NotFoundException($"Pod {ns}/{podName} does not exist in cluster {cluster}.");
        var volumes = PodVolumeReader.Volumes(pod).ToList();
        var source = volumes.FirstOrDefault(v => (string?)v["name"] == volume)
            ?? throw new ValidationException("volume", $"Pod {ns}/{podName} has no volume named '{volume}'; its volumes are: {string.Join(", ", volumes.Select(v => (string?)v["name"]))}.");
        if (optedIn && VolumeSources.UnsupportedReason(source) is { } reason)
        {
            throw new ValidationException("volume", $"Velero cannot back up volume '{volume}' of pod {ns}/{podName}: {reason}");
        }
        var owner = await WorkloadOwners.ResolveAsync(ns, pod, path => client.GetObjectAsync(path, ct));
        if (owner.Owner.ReadOnlyReason is { } readOnly)
        {
            throw new ValidationException("pod", $"Pod {ns}/{podName} is owned by {owner.Owner.Kind} {owner.Owner.Name}: {readOnly}");
        }
        var ownerObject = owner.Owner.Kind == "Pod" ? pod : await client.GetObjectAsync(owner.Path, ct)
            ?? throw new NotFoundException($"{owner.Owner.Kind} {ns}/{owner.Owner.Name}, the owner of pod {podName}, does not exist in cluster {cluster}.");
        var current = BackupAnnotations.Read(owner.Annotations(ownerObject), BackupAnnotations.BackupVolumes);
        var next = BackupAnnotations.Toggle(current, volume, optedIn);
        if (!next.SequenceEqual(current))
        {
            await client.PatchAsync(owner.Path, AnnotationPatch(ownerObject, owner.TemplatePath, BackupAnnotations.Format(next)), ct);
        }
        return new SetOptInResult(owner.Owner, next);
    }

    internal static JsonObject AnnotationPatch(JsonObject ownerObject, string[] templatePath, string? value)
    {
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = (string?)ownerObject["metadata"]?["resourceVersion"] } };
        var node = patch;
        foreach (var step in templatePath.Append("metadata"))
        {
            node = node[step] as JsonObject ?? (JsonObject)(node[step] = new JsonObject());
        }
        // A null member in a merge patch removes the key: the annotation goes away when no volume is left.
        node["annotations"] = new JsonObject { [BackupAnnotations.BackupVolumes] = value };
        return patch;
    }

    private static async Task RequireNamespaceAsync(k8s.Kubernetes client, string cluster, string ns, CancellationToken ct)
    {
        using var found = await client.GetJsonOrNullAsync(VolumeKube.NamespacePath(ns), ct);
        if (found is null)
        {
            throw new NotFoundException($"Namespace {ns} does not exist in cluster {cluster}.");
        }
    }

    private static void RequireName(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 253)
        {
            throw new ValidationException(field, $"The {field} name is required (at most 253 characters).");
        }
    }
}
