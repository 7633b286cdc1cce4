using System.Net;
using DataProtection.Core.Common;
using DataProtection.Core.Protection;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DataProtection.Core.StorageLocations;

/// <summary>
/// Storage for a cluster being protected: the cluster's default ReadWrite location when an Admin assigned one, else its managed
/// location (prefix <c>clusters/&lt;cluster&gt;</c> in the managed bucket), assigned as the default.
/// </summary>
internal sealed class LocationProtectionStorage(StorageLocationService locations) : IProtectionStorage
{
    /// <summary>
    /// Runs before anything is written to the cluster, outside the audit writer: an unusable managed account (none configured,
    /// wrong keys) refuses the whole enable with the field to fix instead of failing half-way.
    /// </summary>
    public async Task PrepareAsync(Actor actor, string cluster, CancellationToken cancellationToken)
    {
        if (await DefaultLocationAsync(actor, cluster, cancellationToken) is null)
        {
            await locations.EnsureManagedLocationAsync(actor, cluster, cancellationToken);
        }
    }

    public async Task<string> EnsureDefaultLocationAsync(Actor actor, string cluster, IKubernetes client, string veleroNamespace, CancellationToken cancellationToken)
    {
        var location = await DefaultLocationAsync(actor, cluster, cancellationToken)
            ?? (await locations.EnsureManagedLocationAsync(actor, cluster, cancellationToken)).Name;
        // Disabling removes the BSL and Secret but keeps the assignment, so re-enabling writes them again; when both are there,
        // nothing is rewritten (enabling twice changes nothing).
        var bsl = await ReadAsync(() => client.CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", veleroNamespace,
            "backupstoragelocations", location, cancellationToken: cancellationToken));
        var secret = await ReadAsync(() => client.CoreV1.ReadNamespacedSecretAsync(BackupStorageLocationManifest.SecretName(location), veleroNamespace,
            cancellationToken: cancellationToken));
        if (bsl is null || secret is null)
        {
            await locations.AssignAsync(actor, location, new AssignStorageRequest(cluster, StorageAccessMode.ReadWrite, MakeDefault: true), cancellationToken);
            secret = await client.CoreV1.ReadNamespacedSecretAsync(BackupStorageLocationManifest.SecretName(location), veleroNamespace,
                cancellationToken: cancellationToken);
        }
        await EnsureServerCredentialsAsync(client, veleroNamespace, secret, cancellationToken);
        return location;
    }

    private async Task<string?> DefaultLocationAsync(Actor actor, string cluster, CancellationToken cancellationToken)
    {
        var all = await locations.ListLocationsAsync(actor, cancellationToken);
        return all.FirstOrDefault(l => l.Assignments.Any(a =>
            string.Equals(a.Cluster, cluster, StringComparison.OrdinalIgnoreCase) && a.IsDefault && a.AccessMode == StorageAccessMode.ReadWrite))?.Name;
    }

    /// <summary>
    /// The Velero Deployment mounts <c>cloud-credentials</c> as its default credentials (what `velero install` creates); the
    /// BSL itself names its own Secret, so this copy only matters to plugins that read the default file.
    /// </summary>
    private static async Task EnsureServerCredentialsAsync(IKubernetes client, string ns, V1Secret source, CancellationToken ct)
    {
        var key = BackupStorageLocationManifest.CredentialsKey;
        var existing = await ReadAsync(() => client.CoreV1.ReadNamespacedSecretAsync(VeleroManifest.CredentialsSecret, ns, cancellationToken: ct));
        if (existing?.Data?.TryGetValue(key, out var current) == true && current.AsSpan().SequenceEqual(source.Data[key]))
        {
            return;
        }
        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Type = "Opaque",
            Metadata = new V1ObjectMeta
            {
                Name = VeleroManifest.CredentialsSecret,
                NamespaceProperty = ns,
                Labels = new Dictionary<string, string> { ["component"] = "velero", [BackupStorageLocationManifest.ManagedByLabel] = BackupStorageLocationManifest.ManagedBy },
            },
            Data = new Dictionary<string, byte[]> { [key] = source.Data[key] },
        };
        if (existing is null)
        {
            await client.CoreV1.CreateNamespacedSecretAsync(secret, ns, cancellationToken: ct);
        }
        else
        {
            secret.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            await client.CoreV1.ReplaceNamespacedSecretAsync(secret, VeleroManifest.CredentialsSecret, ns, cancellationToken: ct);
        }
    }

    private static async Task<T?> ReadAsync<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
