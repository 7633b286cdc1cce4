using System.Net;
using System.Text.Json.Nodes;
using DataProtection.Core.Common;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DataProtection.Core.StorageLocations;

/// <summary>Writes and reads the Secret + BackupStorageLocation pairs in a cluster's Velero namespace.</summary>
public static class VeleroStorageWriter
{
    private const string Group = "velero.io";
    private const string Version = "v1";
    private const string Plural = "backupstoragelocations";

    /// <summary>Creates or replaces the Secret, then the BSL. If the BSL fails, a Secret created here is deleted again.</summary>
    public static async Task ApplyAsync(IKubernetes client, string ns, string location, S3Connection connection, StorageAccessMode mode, bool isDefault, CancellationToken ct)
    {
        var secret = BackupStorageLocationManifest.Secret(location, connection);
        var createdSecret = await UpsertSecretAsync(client, ns, secret, ct);
        try
        {
            await UpsertLocationAsync(client, ns, BackupStorageLocationManifest.Location(location, connection, mode, isDefault), ct);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            var remains = createdSecret ? await TryDeleteSecretAsync(client, ns, secret.Metadata.Name) : $"Secret {ns}/{secret.Metadata.Name} was kept (it existed before).";
            throw new ClusterUnavailableException($"Creating BackupStorageLocation {ns}/{location} failed: {Describe(ex)}. {remains}", ex);
        }
    }

    public static async Task DeleteAsync(IKubernetes client, string ns, string location, CancellationToken ct)
    {
        await IgnoreNotFound(() => client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, ns, Plural, location, cancellationToken: ct));
        await IgnoreNotFound(() => client.CoreV1.DeleteNamespacedSecretAsync(BackupStorageLocationManifest.SecretName(location), ns, cancellationToken: ct));
    }

    public static Task SetDefaultAsync(IKubernetes client, string ns, string location, bool isDefault, CancellationToken ct) =>
        IgnoreNotFound(() => client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(new JsonObject { ["spec"] = new JsonObject { ["default"] = isDefault } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            Group, Version, ns, Plural, location, cancellationToken: ct));

    public static async Task<IReadOnlyList<JsonObject>> ListAsync(IKubernetes client, string ns, CancellationToken ct)
    {
        try
        {
            var list = await client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, ns, Plural, cancellationToken: ct);
            var json = JsonNode.Parse(KubernetesJson.Serialize(list))!;
            return json["items"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
    }

    public static string Describe(Exception ex) => ex switch
    {
        HttpOperationException h => $"{(int)h.Response.StatusCode} {h.Response.StatusCode}: {StatusMessage(h.Response.Content) ?? h.Message}",
        OperationCanceledException => "the cluster did not answer in time",
        _ => ex.Message,
    };

    private static async Task<bool> UpsertSecretAsync(IKubernetes client, string ns, V1Secret secret, CancellationToken ct)
    {
        try
        {
            await client.CoreV1.CreateNamespacedSecretAsync(secret, ns, cancellationToken: ct);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            await client.CoreV1.ReplaceNamespacedSecretAsync(secret, secret.Metadata.Name, ns, cancellationToken: ct);
            return false;
        }
    }

    private static async Task UpsertLocationAsync(IKubernetes client, string ns, JsonObject location, CancellationToken ct)
    {
        var name = (string)location["metadata"]!["name"]!;
        try
        {
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(location, Group, Version, ns, Plural, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Spec only (merge patch), so Velero's status stays as it was until the next validation.
            var patch = new JsonObject { ["metadata"] = location["metadata"]!.DeepClone(), ["spec"] = location["spec"]!.DeepClone() };
            await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                Group, Version, ns, Plural, name, cancellationToken: ct);
        }
    }

    private static async Task<string> TryDeleteSecretAsync(IKubernetes client, string ns, string name)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedSecretAsync(name, ns);
            return $"Secret {ns}/{name} was removed again.";
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            return $"Secret {ns}/{name} remains in the cluster and could not be removed ({Describe(ex)}); delete it by hand.";
        }
    }

    private static async Task IgnoreNotFound(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone: the goal is reached.
        }
    }

    private static string? StatusMessage(string? body)
    {
        try
        {
            return body is null ? null : (string?)JsonNode.Parse(body)?["message"];
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
