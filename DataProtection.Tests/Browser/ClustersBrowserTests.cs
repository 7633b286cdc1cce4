using DataProtection.Sandbox;
using DataProtection.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DataProtection.Tests.Browser;

/// <summary>
/// The dashboard runs with its own sandbox clusters; a second, standalone sandbox server is registered by pasting its
/// kubeconfig in the dialog, then browsed by label, in headless Chromium.
/// </summary>
public sealed class ClustersBrowserTests(ClustersBrowserTests.Fixture fixture) : IClassFixture<ClustersBrowserTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _sandboxDirectory = Path.Combine(Path.GetTempPath(), "dp-sandbox-" + Guid.NewGuid().ToString("N"));

        public BrowserApp Browser { get; } = new(new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });

        public SandboxServer Sandbox { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Sandbox = await SandboxServer.StartAsync(new SandboxServerOptions(_sandboxDirectory)).DefaultTimeout();
            await Browser.InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            await Browser.DisposeAsync();
            await Sandbox.DisposeAsync();
        }
    }

    private static ILocator Field(IPage page, string testId) => page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    [Fact]
    public async Task RegisterClusterFromKubeconfig_ThenBrowseInventoryWithSelector()
    {
        var (context, page) = await fixture.Browser.SignedInPageAsync(width: 1440, timeoutMs: 20_000);
        await using var _ = context;

        await BrowserApp.GotoAsync(page, "/clusters");
        await Assertions.Expect(page.Locator("[data-testid=cluster-row][data-cluster=sandbox]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=cluster-row][data-cluster=sandbox-dr]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=cluster-register]");
        await Field(page, "cluster-name").FillAsync("edge");
        await Field(page, "cluster-kubeconfig").FillAsync(await File.ReadAllTextAsync(fixture.Sandbox.KubeconfigPath));
        await Field(page, "cluster-kubeconfig").BlurAsync();
        await Assertions.Expect(page.Locator("[data-testid=cluster-contexts]")).ToHaveAttributeAsync("data-count", "2");
        await page.ClickAsync("[data-testid=cluster-test]");
        await Assertions.Expect(page.Locator("[data-testid=cluster-test-result]")).ToContainTextAsync("Kubernetes v1.32.0");
        await BrowserApp.ScreenshotAsync(page, "30-register-cluster");
        await page.ClickAsync("[data-testid=cluster-save]");
        var row = page.Locator("[data-testid=cluster-row][data-cluster=edge]");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=cluster-health]")).ToHaveTextAsync(["healthy", "healthy", "healthy"]);
        await BrowserApp.ScreenshotAsync(page, "31-clusters");

        await row.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Inventory · edge");
        await Assertions.Expect(page.Locator("[data-testid=inventory-namespace][data-namespace=shop]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=inventory-grid] tbody tr").First).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=inventory-labels] >> text=team (");
        await page.ClickAsync("[data-testid=inventory-label-value][data-label='team=payments']");
        await Assertions.Expect(Field(page, "inventory-selector")).ToHaveValueAsync("team=payments");
        await Assertions.Expect(page.Locator("[data-testid=inventory-grid] tbody")).ToContainTextAsync("ledger");
        await Assertions.Expect(page.Locator("[data-testid=inventory-grid] tbody")).Not.ToContainTextAsync("storefront");
        await BrowserApp.ScreenshotAsync(page, "32-inventory");

        await Field(page, "inventory-selector").FillAsync("app=shop)");
        await Assertions.Expect(page.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("at position 9: expected ',' or end of string, found ')'");
        await BrowserApp.ScreenshotAsync(page, "33-inventory-bad-selector");

        await Field(page, "inventory-selector").FillAsync("app=mysql,tier=db");
        await page.ClickAsync("[data-testid=inventory-grid] tbody tr >> text=mysql-credentials");
        var yaml = page.Locator("[data-testid=inventory-yaml]");
        await Assertions.Expect(yaml).ToContainTextAsync("kind: Secret");
        await Assertions.Expect(yaml).ToContainTextAsync("'***'");
        await Assertions.Expect(yaml).Not.ToContainTextAsync("managedFields");
        await BrowserApp.ScreenshotAsync(page, "34-inventory-yaml");

        await BrowserApp.GotoAsync(page, "/");
        await Assertions.Expect(page.Locator("[data-testid=overview-cluster]")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("[data-testid=overview-cluster][data-cluster=edge]")).ToContainTextAsync("v1.32.0");
        await BrowserApp.ScreenshotAsync(page, "35-overview-clusters");
    }
}
