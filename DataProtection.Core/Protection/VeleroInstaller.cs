using System.Text.Json.Nodes;
using DataProtection.Core.Common;

namespace DataProtection.Core.Protection;

/// <summary>Runs the install (or upgrade) steps against one cluster. Every write is idempotent, so a failed run is finished by running again.</summary>
internal sealed class VeleroInstaller(k8s.Kubernetes client, VeleroManifest manifest, IProtectionStorage? storage, ProtectionOptions options)
{
    public const string Crds = "CRDs";
    public const string Namespace = "Namespace";
    public const string ServiceAccount = "Service account";
    public const string RoleBinding = "Cluster role binding";
    public const string Storage = "Credentials and storage location";
    public const string Snapshots = "Snapshot location";
    public const string Deployment = "Deployment";
    public const string NodeAgent = "Node agent";
    public const string Answers = "Velero answers (ServerStatusRequest)";
    public const string Available = "Storage location Available";

    public static readonly string[] Steps = [Crds, Namespace, ServiceAccount, RoleBinding, Storage, Snapshots, Deployment, NodeAgent, Answers, Available];

    private readonly VeleroProbe _probe = new(client, manifest.Namespace, options.PollInterval);

    public string? ServerVersion { get; private set; }

    public string? StoragePhase { get; private set; }

    public async Task InstallAsync(Actor actor, string cluster, StepTracker steps, CancellationToken ct)
    {
        var ns = manifest.Namespace;
        // Before the first write: storage that cannot be used stops the install with nothing written to the cluster.
        if (storage is not null)
        {
            await storage.PrepareAsync(actor, cluster, ct);
        }
        await steps.RunAsync(Crds, async () =>
        {
            var written = 0;
            foreach (var crd in VeleroCrds.Objects())
            {
                written += await client.ApplyAsync(VeleroCrds.Collection, crd, ct) ? 1 : 0;
            }
            return Changed(written, VeleroCrds.Names.Count, "CRDs");
        });
        await steps.RunAsync(Namespace, () => ApplyAsync("api/v1/namespaces", manifest.NamespaceObject(), ct));
        await steps.RunAsync(ServiceAccount, () => ApplyAsync($"api/v1/namespaces/{ns}/serviceaccounts", manifest.ServiceAccount(), ct));
        await steps.RunAsync(RoleBinding, () => ApplyAsync("apis/rbac.authorization.k8s.io/v1/clusterrolebindings", manifest.ClusterRoleBinding(), ct));
        string location = VeleroManifest.DefaultLocation;
        JsonObject? bsl = null;
        await steps.RunAsync(Storage, async () =>
        {
            location = await (storage ?? throw new InvalidOperationException("No storage provider was given for the install.")).EnsureDefaultLocationAsync(actor, cluster, client, ns, ct);
            _ = await client.GetAsync($"api/v1/namespaces/{ns}/secrets/{VeleroManifest.CredentialsSecret}", ct)
                ?? throw new InvalidOperationException($"The storage provider created no Secret {VeleroManifest.CredentialsSecret} in {ns}.");
            bsl = await client.GetAsync($"{_probe.VeleroPath}/backupstoragelocations/{location}", ct)
                ?? throw new InvalidOperationException($"The storage provider created no BackupStorageLocation {location} in {ns}.");
            return $"location {location}";
        });
        await steps.RunAsync(Snapshots, () => ApplyAsync($"{_probe.VeleroPath}/volumesnapshotlocations",
            manifest.SnapshotLocation((string?)bsl?["spec"]?["provider"] ?? "aws", (string?)bsl?["spec"]?["config"]?["region"]), ct));
        await steps.RunAsync(Deployment, () => ApplyAsync($"apis/apps/v1/namespaces/{ns}/deployments", manifest.Deployment(), ct));
        await steps.RunAsync(NodeAgent, () => ApplyAsync($"apis/apps/v1/namespaces/{ns}/daemonsets", manifest.NodeAgent(), ct));
        await WaitReadyAsync(location, steps, ct);
    }

    /// <summary>For a Velero installed by someone else: nothing is written, only its answers are awaited.</summary>
    public async Task AdoptAsync(StepTracker steps, CancellationToken ct)
    {
        foreach (var step in Steps.Except([Answers, Available]))
        {
            steps.Skip(step, "adopted: left as installed");
        }
        var locations = await _probe.ListAsync($"{_probe.VeleroPath}/backupstoragelocations", ct);
        var location = locations.FirstOrDefault(l => (bool?)l["spec"]?["default"] == true) ?? locations.FirstOrDefault();
        await WaitReadyAsync(location is null ? null : (string?)location["metadata"]?["name"], steps, ct);
    }

    private async Task WaitReadyAsync(string? location, StepTracker steps, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(options.ReadyTimeoutSeconds);
        await steps.RunAsync(Answers, async () =>
        {
            ServerVersion = await _probe.ServerVersionAsync(timeout, ct);
            return $"server {ServerVersion}";
        });
        if (location is null)
        {
            steps.Skip(Available, "no storage location");
            return;
        }
        await steps.RunAsync(Available, async () =>
        {
            await _probe.WaitForAvailableAsync(location, timeout, ct);
            StoragePhase = "Available";
            return location;
        });
    }

    private async Task<string?> ApplyAsync(string collection, JsonObject desired, CancellationToken ct) =>
        await client.ApplyAsync(collection, desired, ct) ? "applied" : "unchanged";

    private static string Changed(int written, int total, string what) => written == 0 ? $"{total} {what} unchanged" : $"{written} of {total} {what} applied";
}
