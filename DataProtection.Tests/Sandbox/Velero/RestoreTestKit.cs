using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Backing up a namespace, losing it, restoring it, and reading back what the restore controller wrote.</summary>
public sealed class RestoreTestKit(VeleroFixture velero)
{
    private static readonly string[] Terminal = ["Completed", "PartiallyFailed", "Failed", "FailedValidation"];
    private readonly BackupTestKit _backups = new(velero);

    public BackupTestKit Backups => _backups;

    public static JsonArray Array(params string[] values) => new(values.Select(v => (JsonNode?)v).ToArray());

    public static string Name(JsonObject obj) => (string)obj["metadata"]!["name"]!;

    /// <summary>A namespace with config maps "one" (app=web) and "two", backed up on its own.</summary>
    public async Task<(string Namespace, string Backup)> BackedUpNamespaceAsync()
    {
        var ns = await _backups.NamespaceWithConfigMapsAsync(("one", "web"), ("two", null));
        var backup = await _backups.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });
        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        return (ns, Name(backup));
    }

    /// <summary>Runs a backup labelled as made by <paramref name="schedule"/>, as the schedule controller would label it.</summary>
    public async Task<JsonObject> ScheduledBackupAsync(JsonObject spec, string schedule)
    {
        var name = $"b-{Guid.NewGuid().ToString("N")[..10]}";
        var backup = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["velero.io/schedule-name"] = schedule } },
            ["spec"] = spec,
        };
        await velero.Client.CustomObjects.CreateNamespacedCustomObjectAsync(backup, "velero.io", "v1", VeleroFixture.Namespace, "backups").DefaultTimeout();
        return await velero.WaitForAsync("backups", name, b => Terminal.Contains((string?)b["status"]?["phase"]));
    }

    public static async Task DeleteNamespaceAsync(IKubernetes client, string ns)
    {
        await client.CoreV1.DeleteNamespaceAsync(ns).DefaultTimeout();
        await VeleroFixture.WaitAsync(async () => await ReadNamespaceAsync(client, ns) is null ? "gone" : null);
    }

    public static async Task<V1Namespace?> ReadNamespaceAsync(IKubernetes client, string ns)
    {
        try
        {
            return await client.CoreV1.ReadNamespaceAsync(ns).DefaultTimeout();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static async Task<V1ConfigMap?> ConfigMapAsync(IKubernetes client, string ns, string name)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns).DefaultTimeout();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<JsonObject> RunAsync(JsonObject spec, IKubernetes? client = null)
    {
        var name = $"r-{Guid.NewGuid().ToString("N")[..10]}";
        var restore = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Restore",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = VeleroFixture.Namespace },
            ["spec"] = spec,
        };
        await (client ?? velero.Client).CustomObjects.CreateNamespacedCustomObjectAsync(restore, "velero.io", "v1", VeleroFixture.Namespace, "restores")
            .DefaultTimeout();
        return await velero.WaitForAsync("restores", name, r => Terminal.Contains((string?)r["status"]?["phase"]), client);
    }

    public Task<JsonNode> RestoreFileAsync(JsonObject restore, string file, string? bucket = null) =>
        _backups.GzipJsonAsync(bucket ?? velero.DefaultBucket, $"restores/{Name(restore)}/{file.Replace("<r>", Name(restore))}");

    /// <summary>The restore's resource list entries for one "apiVersion/Kind" key.</summary>
    public async Task<List<string>> ResourceListAsync(JsonObject restore, string key, string? bucket = null)
    {
        var list = await RestoreFileAsync(restore, "restore-<r>-resource-list.json.gz", bucket);
        return (list[key] as JsonArray ?? []).Select(v => (string)v!).ToList();
    }
}
