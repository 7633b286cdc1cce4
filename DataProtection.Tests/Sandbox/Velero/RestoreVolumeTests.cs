using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;
using static DataProtection.Tests.Sandbox.Velero.RestoreTestKit;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Persistent volumes without snapshots: Velero restores Retain volumes as they were and leaves Delete volumes to be provisioned again.</summary>
[Collection(VeleroCollection.Name)]
public sealed class RestoreVolumeTests(VeleroFixture velero)
{
    private readonly RestoreTestKit _kit = new(velero);

    private Task CreateVolumeAsync(string name, string policy, string ns, string claim) =>
        velero.Client.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume
        {
            Metadata = new() { Name = name, Annotations = new Dictionary<string, string> { ["pv.kubernetes.io/bound-by-controller"] = "yes" } },
            Spec = new()
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") },
                AccessModes = ["ReadWriteOnce"],
                PersistentVolumeReclaimPolicy = policy,
                HostPath = new() { Path = "/tmp/" + name },
                ClaimRef = new() { Kind = "PersistentVolumeClaim", NamespaceProperty = ns, Name = claim, Uid = Guid.NewGuid().ToString() },
            },
        }).DefaultTimeout();

    private Task CreateClaimAsync(string ns, string name, string volume) =>
        velero.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new() { Name = name },
            Spec = new()
            {
                AccessModes = ["ReadWriteOnce"],
                VolumeName = volume,
                Resources = new() { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
            },
        }, ns).DefaultTimeout();

    [Fact]
    public async Task Restore_VolumesWithoutSnapshots_RetainRestoredDeleteReprovisioned()
    {
        var ns = await _kit.Backups.NamespaceWithConfigMapsAsync();
        var (retained, deleted) = ($"pv-keep-{ns}", $"pv-drop-{ns}");
        await CreateVolumeAsync(retained, "Retain", ns, "keep");
        await CreateVolumeAsync(deleted, "Delete", ns, "drop");
        await CreateClaimAsync(ns, "keep", retained);
        await CreateClaimAsync(ns, "drop", deleted);
        var backup = await _kit.Backups.RunAsync(new JsonObject
        {
            ["includedNamespaces"] = Array(ns),
            ["includedResources"] = Array("persistentvolumes", "persistentvolumeclaims", "namespaces"),
            ["includeClusterResources"] = true,
        });
        await DeleteNamespaceAsync(velero.Client, ns);
        foreach (var volume in new[] { retained, deleted })
            await velero.Client.CoreV1.DeleteCollectionPersistentVolumeAsync(fieldSelector: $"metadata.name={volume}").DefaultTimeout();

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = Name(backup), ["includeClusterResources"] = true });

        ((string?)restore["status"]!["phase"]).ShouldBe("Completed");
        var restored = await velero.Client.CoreV1.ReadPersistentVolumeAsync(retained).DefaultTimeout();
        restored.Spec.ClaimRef.Uid.ShouldBeNull();
        (restored.Metadata.Annotations ?? new Dictionary<string, string>()).ShouldNotContainKey("pv.kubernetes.io/bound-by-controller");
        (await velero.Client.CoreV1.ListPersistentVolumeAsync(fieldSelector: $"metadata.name={deleted}").DefaultTimeout()).Items.ShouldBeEmpty();
        (await velero.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("keep", ns).DefaultTimeout()).Spec.VolumeName.ShouldBe(retained);
        (await velero.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("drop", ns).DefaultTimeout()).Spec.VolumeName.ShouldBeNull();
        // The backup holds every volume of the cluster, as cluster resources were included; ours are two of them.
        var volumes = await _kit.ResourceListAsync(restore, "v1/PersistentVolume");
        volumes.ShouldContain($"{deleted}(skipped)");
        volumes.ShouldContain($"{retained}(created)");
    }
}
