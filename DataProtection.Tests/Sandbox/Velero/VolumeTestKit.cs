using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Pods with volumes for file-system backup tests: claims bound to CSI volumes, and the node-agent DaemonSet.</summary>
public static class VolumeTestKit
{
    public const string Node = "node-1";

    public static async Task InstallNodeAgentAsync(IKubernetes client)
    {
        var labels = new Dictionary<string, string> { ["component"] = "velero", ["name"] = "node-agent", ["role"] = "node-agent" };
        var daemonSet = new V1DaemonSet
        {
            Metadata = new() { Name = "node-agent", Labels = new Dictionary<string, string> { ["component"] = "velero" } },
            Spec = new()
            {
                Selector = new() { MatchLabels = new Dictionary<string, string> { ["name"] = "node-agent" } },
                Template = new()
                {
                    Metadata = new() { Labels = labels },
                    Spec = new() { Containers = [new() { Name = "node-agent", Image = "velero/velero:v1.18.0", Command = ["/velero"], Args = ["node-agent", "server"] }] },
                },
            },
        };
        try
        {
            await client.AppsV1.CreateNamespacedDaemonSetAsync(daemonSet, VeleroFixture.Namespace).DefaultTimeout();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
        }
    }

    public static async Task<string> NamespaceAsync(IKubernetes client)
    {
        var ns = $"vol-{Guid.NewGuid().ToString("N")[..8]}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = ns } }).DefaultTimeout();
        return ns;
    }

    /// <summary>A Bound claim and its CSI volume (a hostPath volume could not be backed up by the node agent).</summary>
    public static async Task<(V1PersistentVolumeClaim Claim, string Pv)> ClaimAsync(IKubernetes client, string ns, string name, string size)
    {
        var pv = $"pvc-{Guid.NewGuid():N}";
        await client.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume
        {
            Metadata = new() { Name = pv, Labels = new Dictionary<string, string> { ["topology"] = "zone-a" } },
            Spec = new()
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) },
                AccessModes = ["ReadWriteOnce"],
                PersistentVolumeReclaimPolicy = "Delete",
                ClaimRef = new() { Kind = "PersistentVolumeClaim", NamespaceProperty = ns, Name = name },
                Csi = new() { Driver = "ebs.csi.aws.com", VolumeHandle = "vol-" + pv[4..16] },
            },
        }).DefaultTimeout();
        var claim = await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new() { Name = name },
            Spec = new()
            {
                AccessModes = ["ReadWriteOnce"],
                Resources = new() { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
                VolumeName = pv,
            },
        }, ns).DefaultTimeout();
        return (claim, pv);
    }

    /// <summary>A Running pod on <see cref="Node"/> mounting every given volume except those named in <paramref name="unmounted"/>.</summary>
    public static async Task<V1Pod> PodAsync(IKubernetes client, string ns, string name, IDictionary<string, string>? annotations,
        IEnumerable<V1Volume> volumes, params string[] unmounted)
    {
        var list = volumes.ToList();
        var pod = new V1Pod
        {
            Metadata = new() { Name = name, Annotations = annotations },
            Spec = new()
            {
                NodeName = Node,
                Volumes = list,
                Containers = [new()
                {
                    Name = "app", Image = "nginx:1.27",
                    VolumeMounts = list.Where(v => !unmounted.Contains(v.Name)).Select(v => new V1VolumeMount { Name = v.Name, MountPath = "/mnt/" + v.Name }).ToList(),
                }],
            },
        };
        pod.Status = new V1PodStatus { Phase = "Running" };
        return await client.CoreV1.CreateNamespacedPodAsync(pod, ns).DefaultTimeout();
    }

    public static V1Volume Claim(string name, string claim) => new() { Name = name, PersistentVolumeClaim = new() { ClaimName = claim } };

    public static V1Volume EmptyDir(string name, string? sizeLimit = null) =>
        new() { Name = name, EmptyDir = new() { SizeLimit = sizeLimit is null ? null : new ResourceQuantity(sizeLimit) } };

    /// <summary>The PodVolumeBackups of a backup, by the label Velero puts on them.</summary>
    public static async Task<List<JsonObject>> PodVolumeBackupsAsync(IKubernetes client, string backup)
    {
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "podvolumebackups",
            labelSelector: $"velero.io/backup-name={backup}").DefaultTimeout();
        return JsonNode.Parse(KubernetesJson.Serialize(list))!["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }
}
