using System.Text;
using System.Text.Json.Nodes;
using DataProtection.Sandbox.ObjectStore;
using k8s;
using k8s.Models;

namespace DataProtection.Benchmarks.Backups;

/// <summary>What <c>velero install</c> leaves in a cluster, as far as the sandbox's controller looks: CRDs, namespace, credentials, Deployment, location.</summary>
public static class VeleroInstaller
{
    public const string Namespace = "velero";

    public static async Task InstallAsync(IKubernetes client, S3Server s3, string crdDirectory, string bucket)
    {
        foreach (var file in Directory.GetFiles(crdDirectory, "*.yaml"))
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(await KubernetesYaml.LoadFromFileAsync<V1CustomResourceDefinition>(file));
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = Namespace } });
        var credentials = $"[default]\naws_access_key_id={s3.AccessKey}\naws_secret_access_key={s3.SecretKey}\n";
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new() { Name = "cloud-credentials" },
            Data = new Dictionary<string, byte[]> { ["cloud"] = Encoding.UTF8.GetBytes(credentials) },
        }, Namespace);
        var labels = new Dictionary<string, string> { ["component"] = "velero", ["deploy"] = "velero" };
        await client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new() { Name = "velero", Labels = labels },
            Spec = new()
            {
                Selector = new() { MatchLabels = new Dictionary<string, string> { ["deploy"] = "velero" } },
                Template = new()
                {
                    Metadata = new() { Labels = labels },
                    Spec = new() { Containers = [new() { Name = "velero", Image = "velero/velero:v1.18.0", Command = ["/velero"], Args = ["server"] }] },
                },
            },
        }, Namespace);
        s3.Store.CreateBucket(bucket);
        var location = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "BackupStorageLocation",
            ["metadata"] = new JsonObject { ["name"] = "default" },
            ["spec"] = new JsonObject
            {
                ["provider"] = "aws",
                ["default"] = true,
                ["objectStorage"] = new JsonObject { ["bucket"] = bucket },
                ["config"] = new JsonObject { ["region"] = s3.Region, ["s3ForcePathStyle"] = "true", ["s3Url"] = s3.Endpoint.ToString() },
            },
        };
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(location, "velero.io", "v1", Namespace, "backupstoragelocations");
    }
}
