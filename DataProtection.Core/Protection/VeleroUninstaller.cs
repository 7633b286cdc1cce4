using System.Text.Json.Nodes;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Protection;

/// <summary>Removes what enabling created, optionally deleting every backup through Velero first.</summary>
internal sealed class VeleroUninstaller(k8s.Kubernetes client, VeleroManifest manifest, ProtectionOptions options)
{
    public const string DeleteBackups = "Delete backups";
    public const string Deployment = "Deployment";
    public const string NodeAgent = "Node agent";
    public const string Locations = "Storage and snapshot locations";
    public const string Credentials = "Credentials";
    public const string ServiceAccount = "Service account";
    public const string RoleBinding = "Cluster role binding";
    public const string Namespace = "Namespace";
    public const string Crds = "CRDs";

    public static readonly string[] Steps = [DeleteBackups, Deployment, NodeAgent, Locations, Credentials, ServiceAccount, RoleBinding, Namespace, Crds];

    private readonly VeleroProbe _probe = new(client, manifest.Namespace, options.PollInterval);

    public async Task UninstallAsync(BackupDisposition backups, StepTracker steps, CancellationToken ct)
    {
        var ns = manifest.Namespace;
        if (backups == BackupDisposition.Delete)
        {
            await steps.RunAsync(DeleteBackups, () => DeleteAllBackupsAsync(ct));
        }
        else
        {
            steps.Skip(DeleteBackups, "kept in the bucket");
        }
        // Velero goes first, so it does not react to its locations disappearing.
        await steps.RunAsync(Deployment, () => DeleteAsync($"apis/apps/v1/namespaces/{ns}/deployments/velero", ct));
        await steps.RunAsync(NodeAgent, () => DeleteAsync($"apis/apps/v1/namespaces/{ns}/daemonsets/node-agent", ct));
        await steps.RunAsync(Locations, async () =>
        {
            var removed = 0;
            foreach (var plural in new[] { "backupstoragelocations", "volumesnapshotlocations" })
            {
                foreach (var item in await ListIfServedAsync($"{_probe.VeleroPath}/{plural}", ct))
                {
                    removed += await client.DeleteAsync($"{_probe.VeleroPath}/{plural}/{(string)item["metadata"]!["name"]!}", ct) ? 1 : 0;
                }
            }
            return $"{removed} removed";
        });
        await steps.RunAsync(Credentials, () => DeleteAsync($"api/v1/namespaces/{ns}/secrets/{VeleroManifest.CredentialsSecret}", ct));
        await steps.RunAsync(ServiceAccount, () => DeleteAsync($"api/v1/namespaces/{ns}/serviceaccounts/velero", ct));
        await steps.RunAsync(RoleBinding, () => DeleteAsync($"apis/rbac.authorization.k8s.io/v1/clusterrolebindings/{manifest.BindingName}", ct));
        await steps.RunAsync(Namespace, () => DeleteAsync($"api/v1/namespaces/{ns}", ct));
        await steps.RunAsync(Crds, async () =>
        {
            var removed = 0;
            foreach (var name in VeleroCrds.Names)
            {
                removed += await client.DeleteAsync($"{VeleroCrds.Collection}/{name}", ct) ? 1 : 0;
            }
            return $"{removed} removed";
        });
    }

    /// <summary>One DeleteBackupRequest per Backup (as <c>velero backup delete</c>), then waits until Velero has removed them all.</summary>
    private async Task<string?> DeleteAllBackupsAsync(CancellationToken ct)
    {
        var collection = $"{_probe.VeleroPath}/backups";
        var backups = await ListIfServedAsync(collection, ct);
        foreach (var backup in backups)
        {
            var name = (string)backup["metadata"]!["name"]!;
            await client.CreateAsync($"{_probe.VeleroPath}/deletebackuprequests", new JsonObject
            {
                ["apiVersion"] = "velero.io/v1",
                ["kind"] = "DeleteBackupRequest",
                ["metadata"] = new JsonObject
                {
                    ["generateName"] = name.Length > 62 ? name[..62] + "-" : name + "-",
                    ["namespace"] = manifest.Namespace,
                    ["labels"] = new JsonObject { ["velero.io/backup-name"] = LabelValue(name), ["velero.io/backup-uid"] = (string?)backup["metadata"]!["uid"] ?? "" },
                },
                ["spec"] = new JsonObject { ["backupName"] = name },
            }, ct);
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(options.DeleteBackupsTimeoutSeconds));
        List<JsonObject> left = backups;
        try
        {
            while ((left = await ListIfServedAsync(collection, limit.Token)).Count > 0)
            {
                await Task.Delay(options.PollInterval, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var names = string.Join(", ", left.Take(10).Select(b => (string?)b["metadata"]?["name"]));
            throw new TimeoutException($"{left.Count} backups were still not deleted after {options.DeleteBackupsTimeoutSeconds} s ({names}); "
                + "Velero was left installed. Check their DeleteBackupRequests for errors.");
        }
        return $"{backups.Count} deleted";
    }

    private async Task<List<JsonObject>> ListIfServedAsync(string collection, CancellationToken ct)
    {
        try
        {
            return await _probe.ListAsync(collection, ct);
        }
        catch (KubernetesApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }
    }

    private async Task<string?> DeleteAsync(string path, CancellationToken ct) => await client.DeleteAsync(path, ct) ? "removed" : "not present";

    /// <summary>Velero's label-safe name (pkg/label GetValidName): long names become 57 characters + 6 hex of their SHA-256.</summary>
    private static string LabelValue(string name) => name.Length <= 63 ? name
        : name[..57] + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..6].ToLowerInvariant();
}
