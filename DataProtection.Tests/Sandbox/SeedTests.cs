using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using k8s;

namespace DataProtection.Tests.Sandbox;

[Collection(SandboxCollection.Name)]
public sealed class SeedTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Seed_FirstStart_HasTeamNamespacesWithLabelledWorkloads()
    {
        var client = sandbox.Client();

        var namespaces = (await client.CoreV1.ListNamespaceAsync().DefaultTimeout()).Items.Select(n => n.Metadata.Name).ToList();
        var pods = (await client.CoreV1.ListPodForAllNamespacesAsync()).Items;

        new[] { "shop", "payments", "monitoring", "dev-alice", "dev-bob" }.ShouldBeSubsetOf(namespaces);
        pods.ShouldAllBe(p => p.Metadata.Labels.ContainsKey("app") && p.Metadata.Labels.ContainsKey("tier") && p.Metadata.Labels.ContainsKey("team"));
        pods.Select(p => p.Metadata.Labels["env"]).Distinct().ShouldBe(["dev", "prod"], ignoreOrder: true);
        (await client.StorageV1.ReadStorageClassAsync("standard")).Provisioner.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Seed_BackupVolumesAnnotation_NamesVolumesBackedByClaimsThatExist()
    {
        var client = sandbox.Client();

        var annotated = (await client.CoreV1.ListPodForAllNamespacesAsync()).Items
            .Where(p => p.Metadata.Annotations?.ContainsKey("backup.velero.io/backup-volumes") == true).ToList();

        annotated.ShouldNotBeEmpty();
        foreach (var pod in annotated)
        {
            var volume = pod.Spec.Volumes.Single(v => v.Name == pod.Metadata.Annotations["backup.velero.io/backup-volumes"]);
            var claim = await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(volume.PersistentVolumeClaim.ClaimName, pod.Metadata.NamespaceProperty);
            (await client.CoreV1.ReadPersistentVolumeAsync(claim.Spec.VolumeName)).Spec.ClaimRef.Name.ShouldBe(claim.Metadata.Name);
        }
    }

    [Fact]
    public async Task SeedBulk_Namespaces_CreatesLabelledObjectsInTheStore()
    {
        sandbox.Server["sandbox-dr"].SeedBulk(namespaces: 3, objectsPerNamespace: 10, seed: 7);

        var client = sandbox.Client("sandbox-dr");
        var configMaps = (await client.CoreV1.ListNamespacedConfigMapAsync("bulk-7-0001")).Items;
        var pods = (await client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: "tier in (frontend,backend,db)")).Items;

        configMaps.Count.ShouldBe(5);
        pods.Count(p => p.Metadata.NamespaceProperty.StartsWith("bulk-7-")).ShouldBe(15);
        JsonNode.Parse(KubernetesJson.Serialize(configMaps[0]))!["metadata"]!["labels"]!["team"].ShouldNotBeNull();
    }
}
