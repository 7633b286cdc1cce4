using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Integration.Restores;

/// <summary>The restore tests' world: a namespace of three labelled ConfigMaps (web-1, web-2: app=web; db-1: app=db), backed up.</summary>
internal static class RestoreScenario
{
    public static async Task<string> NamespaceAsync(Kubernetes client)
    {
        var ns = $"app-{Guid.NewGuid().ToString("N")[..8]}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = ns } }).DefaultTimeout();
        foreach (var (cm, app) in new[] { ("web-1", "web"), ("web-2", "web"), ("db-1", "db") })
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new() { Name = cm, Labels = new Dictionary<string, string> { ["app"] = app } },
            }, ns).DefaultTimeout();
        }
        return ns;
    }

    /// <summary>A Backup of <paramref name="namespaces"/> as <c>velero backup create --include-namespaces</c> makes it, once Completed.</summary>
    public static async Task<string> BackupAsync(BackupsFixture fixture, string cluster, params string[] namespaces)
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var name = $"b-{Guid.NewGuid().ToString("N")[..10]}";
        await fixture.Client(cluster).CustomObjects.CreateNamespacedCustomObjectAsync(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = VeleroFixture.Namespace },
            ["spec"] = new JsonObject
            {
                ["includedNamespaces"] = new JsonArray([.. namespaces.Select(n => (JsonNode)n)]),
                ["storageLocation"] = "default",
            },
        }, "velero.io", "v1", VeleroFixture.Namespace, "backups").DefaultTimeout();
        await changes.NextAsync(c => c.Name == name && c.Phase == BackupPhases.Completed);
        return name;
    }

    public static async Task<(string Ns, string Backup)> BackedUpNamespaceAsync(BackupsFixture fixture, string cluster)
    {
        var ns = await NamespaceAsync(fixture.Client(cluster));
        return (ns, await BackupAsync(fixture, cluster, ns));
    }

    public static async Task<List<string>> ConfigMapsAsync(Kubernetes client, string ns) =>
        [.. (await client.CoreV1.ListNamespacedConfigMapAsync(ns).DefaultTimeout()).Items.Select(c => c.Metadata.Name).Where(n => n != "kube-root-ca.crt").Order()];
}
