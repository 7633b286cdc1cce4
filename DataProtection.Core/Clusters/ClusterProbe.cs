using System.Text.Json;
using DataProtection.Core.Kubernetes;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Clusters;

/// <summary>What "test connection" and the health job check: version, namespaces (proves the credentials), Velero.</summary>
public sealed class ClusterProbe(IOptions<ClustersOptions> options, TimeProvider time)
{
    public async Task<ConnectionTestResult> ProbeAsync(k8s.Kubernetes client, string server, bool fromKubeconfig, CancellationToken cancellationToken)
    {
        var timeout = options.Value.Timeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var ct = bounded.Token;
        string? version = null;
        DateTime? contact = null;
        try
        {
            using (var versionJson = await client.GetJsonAsync("/version", ct))
            {
                version = versionJson.RootElement.TryGetProperty("gitVersion", out var v) ? v.GetString() : null;
            }
            contact = time.GetUtcNow().UtcDateTime;
            var namespaces = 0;
            await foreach (var _ in client.ListAllMetadataAsync("/api/v1/namespaces", null, ct))
            {
                namespaces++;
            }
            var crds = await HasVeleroGroupAsync(client, ct);
            var (deployment, veleroVersion) = await FindVeleroAsync(client, options.Value.VeleroNamespace, ct);
            var health = new ClusterHealth(true, version, namespaces, crds, deployment, veleroVersion, time.GetUtcNow().UtcDateTime, time.GetUtcNow().UtcDateTime, null);
            return new ConnectionTestResult(true, server, null, null, health);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var (field, message) = KubernetesErrors.Describe(ex, server, timeout, fromKubeconfig);
            var health = new ClusterHealth(contact is not null, version, null, false, false, null, contact, time.GetUtcNow().UtcDateTime, message);
            return new ConnectionTestResult(false, server, field, message, health);
        }
    }

    private static async Task<bool> HasVeleroGroupAsync(k8s.Kubernetes client, CancellationToken ct)
    {
        using var groups = await client.GetJsonAsync("/apis", ct);
        return groups.RootElement.TryGetProperty("groups", out var list) && list.ValueKind == JsonValueKind.Array
            && list.EnumerateArray().Any(g => g.TryGetProperty("name", out var n) && n.GetString() == "velero.io");
    }

    private static async Task<(bool Present, string? Version)> FindVeleroAsync(k8s.Kubernetes client, string veleroNamespace, CancellationToken ct)
    {
        using var deployment = await client.GetJsonOrNullAsync($"/apis/apps/v1/namespaces/{veleroNamespace}/deployments/velero", ct);
        if (deployment is null)
        {
            return (false, null);
        }
        var image = deployment.RootElement.TryGetProperty("spec", out var spec)
            && spec.TryGetProperty("template", out var template) && template.TryGetProperty("spec", out var podSpec)
            && podSpec.TryGetProperty("containers", out var containers) && containers.ValueKind == JsonValueKind.Array
            ? containers.EnumerateArray().Select(c => c.TryGetProperty("image", out var i) ? i.GetString() : null).FirstOrDefault(i => i?.Contains("velero") == true)
            : null;
        return (true, ImageTag(image));
    }

    internal static string? ImageTag(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return null;
        }
        var withoutDigest = image.Split('@')[0];
        var lastSlash = withoutDigest.LastIndexOf('/');
        var colon = withoutDigest.LastIndexOf(':');
        return colon > lastSlash ? withoutDigest[(colon + 1)..] : "latest";
    }
}
