using System.Text.Json.Nodes;
using Amazon.S3;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Protection;
using DataProtection.Sandbox;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using DataProtection.Tests.Sandbox.ObjectStore;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using k8s.Models;
using Microsoft.Playwright;

namespace DataProtection.Tests.Browser;

/// <summary>An operator watches a backup run on the Backups page without reloading, opens it, reads its log and deletes it.</summary>
public sealed class BackupsBrowserTests(BackupsBrowserTests.Fixture fixture) : IClassFixture<BackupsBrowserTests.Fixture>
{
    private const string Cluster = "prod-eu-1";

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-backups-ui-" + Guid.NewGuid().ToString("N"));
        private AmazonS3Client? _bucket;

        public BrowserApp Browser { get; private set; } = null!;

        public SandboxServer Sandbox { get; private set; } = null!;

        public S3Server S3 { get; private set; } = null!;

        public Kubernetes Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            S3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(_directory, "s3"))).DefaultTimeout();
            _bucket = S3TestClients.Create(S3.Endpoint, S3.AccessKey, S3.SecretKey, S3.Region);
            await _bucket.PutBucketAsync("velero-ui").DefaultTimeout();
            Sandbox = await SandboxServer.StartAsync(new SandboxServerOptions(Path.Combine(_directory, "kube"), ClusterNames: [Cluster])
            {
                Velero = VeleroFixture.Options with { ItemDelay = TimeSpan.FromMilliseconds(100) },
            }).DefaultTimeout();
            Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Sandbox.KubeconfigPath, currentContext: Cluster));
            await VeleroFixture.InstallVeleroAsync(Client, S3, nodeAgent: false);
            await Client.CustomObjects.CreateNamespacedCustomObjectAsync(VeleroFixture.Location(S3, "default", "velero-ui", isDefault: true),
                "velero.io", "v1", "velero", "backupstoragelocations").DefaultTimeout();
            Browser = new BrowserApp(new Dictionary<string, string?> { ["Backups:MinBackoffMilliseconds"] = "200" });
            await Browser.InitializeAsync();
            await Browser.App.Service<ClusterService>().RegisterClusterAsync(BackupsFixture.Admin, new RegisterClusterRequest(Cluster, null,
                new ClusterCredentials(Sandbox[Cluster].KubeconfigYaml, Cluster)), CancellationToken.None).DefaultTimeout();
            await VeleroFixture.WaitAsync(async () =>
            {
                var status = await Browser.App.Service<ProtectionService>().RefreshStatusAsync(BackupsFixture.Admin, Cluster, CancellationToken.None);
                return status.Status == ProtectionStatus.Ready ? status : null;
            });
            await Browser.App.Service<BackupWatchHub>().RescanAsync(CancellationToken.None).DefaultTimeout();
        }

        /// <summary>
        /// A Backup of <paramref name="ns"/> as <c>velero backup create --include-namespaces</c> makes it; with
        /// <paramref name="completed"/>, returned once the dashboard's history shows it Completed; with <paramref name="schedule"/>,
        /// labelled as that schedule's, as Velero labels the backups a schedule makes.
        /// </summary>
        public async Task<string> BackupAsync(string prefix, string ns, bool completed = true, string? schedule = null)
        {
            var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
            var metadata = new JsonObject { ["name"] = name, ["namespace"] = "velero" };
            if (schedule is not null)
                metadata["labels"] = new JsonObject { ["velero.io/schedule-name"] = schedule };
            await Client.CustomObjects.CreateNamespacedCustomObjectAsync(new JsonObject
            {
                ["apiVersion"] = "velero.io/v1",
                ["kind"] = "Backup",
                ["metadata"] = metadata,
                ["spec"] = new JsonObject { ["includedNamespaces"] = new JsonArray(ns), ["storageLocation"] = "default" },
            }, "velero.io", "v1", "velero", "backups").DefaultTimeout();
            if (completed)
            {
                await VeleroFixture.WaitAsync(async () =>
                {
                    var backups = await Browser.App.Service<BackupService>().ListBackupsAsync(BackupsFixture.Admin,
                        new BackupFilter(Search: name), new DataProtection.Core.Common.PageRequest(), CancellationToken.None);
                    return backups.Items is [{ Phase: BackupPhases.Completed }] ? backups : null;
                });
            }
            return name;
        }

        public async Task DisposeAsync()
        {
            await Browser.DisposeAsync();
            _bucket?.Dispose();
            await Sandbox.DisposeAsync();
            await S3.DisposeAsync();
        }
    }

    [Fact]
    public async Task BackupsPage_BackupRuns_UpdatesLiveThenDetailsLogAndDelete()
    {
        var (context, page) = await fixture.Browser.SignedInPageAsync(width: 1600, timeoutMs: 30_000);
        await using var _ = context;
        await BrowserApp.GotoAsync(page, "/backups");
        await Assertions.Expect(page.Locator("[data-testid=backups-empty]")).ToBeVisibleAsync();

        var name = await CreateBackupAsync(configMaps: 40);
        var row = page.Locator($"tr:has([data-backup={name}])");
        await Assertions.Expect(row.Locator("[data-testid=phase-chip]")).ToHaveAttributeAsync("data-phase", BackupPhases.InProgress);
        await Assertions.Expect(row.Locator("[data-testid=backup-progress]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "50-backups-in-progress");
        await Assertions.Expect(row.Locator("[data-testid=phase-chip]")).ToHaveAttributeAsync("data-phase", BackupPhases.Completed);
        await BrowserApp.ScreenshotAsync(page, "51-backups-completed");

        await page.ClickAsync($"[data-backup={name}]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Backup {name}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Logs" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=backup-log]")).ToContainTextAsync("Backed up a total of");
        await BrowserApp.ScreenshotAsync(page, "52-backup-details-log");

        await page.ClickAsync("[data-testid=backup-details-delete]");
        var delete = page.Locator(".mud-dialog button:has-text('Delete')");
        await Assertions.Expect(delete).ToBeDisabledAsync();
        await page.Locator(".mud-dialog input").FillAsync(name);
        await delete.ClickAsync();
        await Assertions.Expect(page.Locator("text=no longer in the cluster")).ToBeVisibleAsync();
    }

    private async Task<string> CreateBackupAsync(int configMaps)
    {
        var ns = $"shop-{Guid.NewGuid().ToString("N")[..6]}";
        await fixture.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = ns } }).DefaultTimeout();
        for (var i = 0; i < configMaps; i++)
            await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = $"cm-{i}" } }, ns).DefaultTimeout();
        return await fixture.BackupAsync("nightly", ns, completed: false);
    }
}
