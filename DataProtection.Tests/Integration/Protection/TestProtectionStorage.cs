using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DataProtection.Core.Common;
using DataProtection.Core.Protection;
using DataProtection.Sandbox.ObjectStore;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DataProtection.Tests.Integration.Protection;

/// <summary>
/// Stands in for the storage-locations feature: the <c>cloud-credentials</c> Secret and a default BSL on the sandbox S3
/// endpoint, one bucket per cluster (from <see cref="Buckets"/>). <see cref="FailFor"/> makes it throw for one cluster.
/// </summary>
public sealed class TestProtectionStorage(S3Server s3) : IProtectionStorage
{
    public Dictionary<string, string> Buckets { get; } = [];

    public string? FailFor { get; set; }

    public async Task<string> EnsureDefaultLocationAsync(Actor actor, string cluster, IKubernetes client, string veleroNamespace, CancellationToken cancellationToken)
    {
        if (FailFor == cluster)
        {
            throw new InvalidOperationException("The storage provider is unreachable (test).");
        }
        var credentials = $"[default]\naws_access_key_id={s3.AccessKey}\naws_secret_access_key={s3.SecretKey}\n";
        await IgnoreConflict(() => client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new() { Name = "cloud-credentials" },
            Data = new Dictionary<string, byte[]> { ["cloud"] = Encoding.UTF8.GetBytes(credentials) },
        }, veleroNamespace, cancellationToken: cancellationToken));
        var location = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "BackupStorageLocation",
            ["metadata"] = new JsonObject { ["name"] = "default" },
            ["spec"] = new JsonObject
            {
                ["provider"] = "aws",
                ["default"] = true,
                ["objectStorage"] = new JsonObject { ["bucket"] = Buckets[cluster] },
                ["config"] = new JsonObject { ["region"] = s3.Region, ["s3ForcePathStyle"] = "true", ["s3Url"] = s3.Endpoint.ToString() },
            },
        };
        await IgnoreConflict(() => client.CustomObjects.CreateNamespacedCustomObjectAsync(location, "velero.io", "v1", veleroNamespace, "backupstoragelocations",
            cancellationToken: cancellationToken));
        return "default";
    }

    private static async Task IgnoreConflict(Func<Task> create)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there from an earlier run: ensuring is idempotent.
        }
    }
}
