using Amazon.S3;
using DataProtection.Core.Clusters;
using DataProtection.Sandbox;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Protection;
using DataProtection.Tests.Sandbox.ObjectStore;
using DataProtection.Tests.Sandbox.Velero;
using Microsoft.Playwright;

namespace DataProtection.Tests.Browser;

/// <summary>An admin enables data protection on a sandbox cluster from the Clusters page, watches the steps, then disables it keeping the backups.</summary>
public sealed class ProtectionBrowserTests(ProtectionBrowserTests.Fixture fixture) : IClassFixture<ProtectionBrowserTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-protection-ui-" + Guid.NewGuid().ToString("N"));
        private AmazonS3Client? _bucket;

        public BrowserApp Browser { get; private set; } = null!;

        public SandboxServer Sandbox { get; private set; } = null!;

        public S3Server S3 { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            S3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(_directory, "s3"))).DefaultTimeout();
            _bucket = S3TestClients.Create(S3.Endpoint, S3.AccessKey, S3.SecretKey, S3.Region);
            await _bucket.PutBucketAsync("velero-ui").DefaultTimeout();
            Sandbox = await SandboxServer.StartAsync(new SandboxServerOptions(Path.Combine(_directory, "kube"), ClusterNames: ["prod-eu-1"])
            {
                Velero = VeleroFixture.Options,
            }).DefaultTimeout();
            var storage = new TestProtectionStorage(S3);
            storage.Buckets["prod-eu-1"] = "velero-ui";
            Browser = new BrowserApp(new ProtectionApp(storage));
            await Browser.InitializeAsync();
            await Browser.App.Service<ClusterService>().RegisterClusterAsync(ProtectionFixture.Admin, new RegisterClusterRequest("prod-eu-1", "the production cluster",
                new ClusterCredentials(Sandbox["prod-eu-1"].KubeconfigYaml, "prod-eu-1")), CancellationToken.None).DefaultTimeout();
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
    public async Task EnableThenDisable_FromTheClustersPage_ShowsEveryStep()
    {
        var (context, page) = await fixture.Browser.SignedInPageAsync(width: 1440, timeoutMs: 30_000);
        await using var _ = context;
        await BrowserApp.GotoAsync(page, "/clusters");

        await page.ClickAsync("[data-testid=cluster-protection]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Data protection · prod-eu-1");
        await Assertions.Expect(page.Locator("[data-testid=protection-status]")).ToHaveTextAsync("not installed");
        await page.ClickAsync("[data-testid=protection-enable]");
        await Assertions.Expect(page.Locator("[data-testid=protection-start]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "45-enable-protection");
        await page.ClickAsync("[data-testid=protection-start]");

        await Assertions.Expect(page.Locator("[data-testid=protection-status]")).ToHaveTextAsync("ready");
        await Assertions.Expect(page.Locator("[data-testid=protection-step][data-state=Done]")).ToHaveCountAsync(VeleroInstallerStepCount);
        await Assertions.Expect(page.Locator("[data-testid=protection-version-text]")).ToContainTextAsync("v1.18.0 (image v1.18.1)");
        await BrowserApp.ScreenshotAsync(page, "46-protection-ready");

        await page.ClickAsync("[data-testid=protection-disable]");
        var confirm = page.Locator("[data-testid=protection-disable-confirm]");
        await Assertions.Expect(confirm).ToBeDisabledAsync();
        await page.Locator("input[data-testid=protection-confirm], [data-testid=protection-confirm] input").First.FillAsync("prod-eu-1");
        await Assertions.Expect(confirm).ToBeEnabledAsync();
        await BrowserApp.ScreenshotAsync(page, "47-disable-protection");
        await confirm.ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=protection-status]")).ToHaveTextAsync("not installed");
        await Assertions.Expect(page.Locator("[data-testid=protection-step][data-state=Skipped]")).ToHaveTextAsync(["Delete backups · kept in the bucket"]);
    }

    private static int VeleroInstallerStepCount => DataProtection.Core.Protection.VeleroInstaller.Steps.Length;
}
