using DataProtection.Core.Common;
using DataProtection.Core.Protection;
using DataProtection.Core.StorageLocations;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.Velero;
using k8s;

namespace DataProtection.Tests.Integration.Protection;

/// <summary>
/// The real storage behind enabling: on a fresh run hosting the sandbox, with no settings at all, enabling data protection
/// puts the cluster's backups in its managed prefix of the sandbox's S3 endpoint, and a backup lands there.
/// </summary>
public sealed class SandboxProtectionTests
{
    private static readonly Actor Admin = ProtectionFixture.Admin;

    [Fact]
    public async Task EnableAsync_FreshSandboxNoSettings_ManagedLocationAvailableAndABackupLandsUnderTheClusterPrefix()
    {
        using var app = new AppFactory(new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true", ["Protection:PollIntervalMilliseconds"] = "100" });
        app.CreateBrowserClient();
        var protection = app.Service<ProtectionService>();

        var run = await protection.EnableAsync(Admin, "sandbox", new EnableProtectionRequest(), null, CancellationToken.None).DefaultTimeout(90);

        run.Succeeded.ShouldBeTrue(run.Error);
        var locations = await app.Service<StorageLocationService>().ListClusterLocationsAsync(Admin, "sandbox", CancellationToken.None).DefaultTimeout();
        var managed = locations.ShouldHaveSingleItem();
        (managed.Name, managed.Prefix, managed.IsDefault, managed.Phase, managed.AccessMode).ShouldBe(("managed-sandbox", "clusters/sandbox", true, "Available", "ReadWrite"));
        using var client = Client(app);
        var credentials = await client.CoreV1.ReadNamespacedSecretAsync("cloud-credentials", "velero").DefaultTimeout();
        var own = await client.CoreV1.ReadNamespacedSecretAsync(BackupStorageLocationManifest.SecretName("managed-sandbox"), "velero").DefaultTimeout();
        credentials.Data["cloud"].ShouldBe(own.Data["cloud"]);

        var objects = new ClusterObjects(client);
        var bsl = await objects.ResourceVersionAsync("apis/velero.io/v1/namespaces/velero/backupstoragelocations/managed-sandbox");
        var secret = await objects.ResourceVersionAsync("api/v1/namespaces/velero/secrets/cloud-credentials");

        var again = await protection.EnableAsync(Admin, "sandbox", new EnableProtectionRequest(), null, CancellationToken.None).DefaultTimeout(90);
        var backup = await objects.BackupAsync();

        again.Succeeded.ShouldBeTrue(again.Error);
        (await objects.ResourceVersionAsync("apis/velero.io/v1/namespaces/velero/backupstoragelocations/managed-sandbox")).ShouldBe(bsl);
        (await objects.ResourceVersionAsync("api/v1/namespaces/velero/secrets/cloud-credentials")).ShouldBe(secret);
        ((string?)backup["status"]!["phase"], (string?)backup["spec"]!["storageLocation"]).ShouldBe(("Completed", "managed-sandbox"));
        var usage = app.Service<StorageUsageService>();
        await usage.RefreshUsageAsync(CancellationToken.None).DefaultTimeout();
        var sample = (await usage.GetClusterUsageAsync(Admin, CancellationToken.None)).Single(u => u.Cluster == "sandbox").Latest.ShouldNotBeNull();
        sample.Objects.ShouldBeGreaterThanOrEqualTo(9);
    }

    private static Kubernetes Client(AppFactory app) => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(
        Path.Combine(app.DataDirectory, "sandbox", "kubeconfig"), currentContext: "sandbox"));
}
