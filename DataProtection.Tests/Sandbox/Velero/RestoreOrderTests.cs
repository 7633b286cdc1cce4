using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;
using static DataProtection.Tests.Sandbox.Velero.RestoreTestKit;

namespace DataProtection.Tests.Sandbox.Velero;

[Collection(VeleroCollection.Name)]
public sealed partial class RestoreOrderTests(VeleroFixture velero)
{
    private readonly RestoreTestKit _kit = new(velero);

    [GeneratedRegex("msg=\"Attempting to restore (\\w+): ")]
    private static partial Regex Attempt();

    [Fact]
    public async Task Restore_MixedKinds_VeleroDefaultPriorityOrder()
    {
        var ns = await _kit.Backups.NamespaceWithConfigMapsAsync(("cm", null));
        await velero.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new() { Name = "secret" } }, ns).DefaultTimeout();
        await velero.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new() { Name = "web" },
            Spec = new() { Ports = [new() { Port = 80 }] },
        }, ns).DefaultTimeout();
        await velero.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new() { Name = "robot" } }, ns).DefaultTimeout();
        var backup = await _kit.Backups.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });
        await DeleteNamespaceAsync(velero.Client, ns);

        var restore = await _kit.RunAsync(new JsonObject { ["backupName"] = Name(backup) });

        using var log = new StreamReader(new GZipStream(new MemoryStream(await _kit.Backups.ObjectAsync(velero.DefaultBucket,
            $"restores/{Name(restore)}/restore-{Name(restore)}-logs.gz")), CompressionMode.Decompress));
        var kinds = Attempt().Matches(await log.ReadToEndAsync()).Select(m => m.Groups[1].Value).ToList();
        kinds.ShouldBe(["ServiceAccount", "Secret", "ConfigMap", "Service"]);
    }
}
