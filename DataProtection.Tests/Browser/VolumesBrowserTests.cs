using DataProtection.Core.Clusters;
using DataProtection.Core.Identity;
using DataProtection.Core.Volumes;
using DataProtection.Sandbox;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Clusters;
using DataProtection.Tests.Integration.Volumes;
using k8s;
using Microsoft.Playwright;

namespace DataProtection.Tests.Browser;

/// <summary>An operator opts a Deployment's volume in from the Volumes page; a viewer sees the same page read-only.</summary>
public sealed class VolumesBrowserTests(VolumesBrowserTests.Fixture fixture) : IClassFixture<VolumesBrowserTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-volumes-ui-" + Guid.NewGuid().ToString("N"));

        public BrowserApp Browser { get; } = new();

        public SandboxServer Sandbox { get; private set; } = null!;

        public VolumeWorkloads Workloads { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Sandbox = await SandboxServer.StartAsync(new SandboxServerOptions(_directory)).DefaultTimeout();
            await Browser.InitializeAsync();
            await Browser.App.Service<ClusterService>().RegisterClusterAsync(SandboxClusterFixture.Admin, new RegisterClusterRequest("sandbox", null,
                new ClusterCredentials(Sandbox["sandbox"].KubeconfigYaml, "sandbox")), CancellationToken.None).DefaultTimeout();
            await Browser.App.CreateUserAsync("olga", Roles.Operator, AppFactory.AdminPassword);
            await Browser.App.CreateUserAsync("vic", Roles.Viewer, AppFactory.AdminPassword);
            Workloads = new VolumeWorkloads(new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Sandbox.KubeconfigPath, currentContext: "sandbox")), "web-team");
            await Workloads.CreateNamespaceAsync();
            await Workloads.DeploymentAsync();
        }

        public async Task DisposeAsync()
        {
            await Browser.DisposeAsync();
            await Sandbox.DisposeAsync();
        }
    }

    private async Task<IPage> SignInAsync(IBrowserContext context, string user)
    {
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", AppFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-circuit-ready=true]", new() { State = WaitForSelectorState.Attached });
        await page.GotoAsync("/clusters/sandbox/volumes/web-team");
        await page.WaitForSelectorAsync("[data-circuit-ready=true]", new() { State = WaitForSelectorState.Attached });
        return page;
    }

    private BrowserNewContextOptions Options => new() { BaseURL = fixture.Browser.BaseUrl, ViewportSize = new() { Width = 1440, Height = 900 } };

    [Fact]
    public async Task Operator_TogglesVolume_TemplateIsPatchedAndPodShowsPendingRollout()
    {
        await using var context = await fixture.Browser.Browser.NewContextAsync(Options);
        var page = await SignInAsync(context, "olga");
        var data = page.Locator("[data-testid=volumes-pod][data-pod=web-5d4f-abcde] [data-testid=volumes-volume][data-volume=data]");
        await Assertions.Expect(page.Locator("[data-testid=volumes-owner]")).ToContainTextAsync("Deployment web");
        await Assertions.Expect(data).ToContainTextAsync("data-web (5Gi)");
        await Assertions.Expect(page.Locator("[data-testid=volumes-volume][data-volume=config] [data-testid=volumes-unsupported]")).ToBeVisibleAsync();

        await data.Locator("input[type=checkbox]").ClickAsync(new() { Force = true });

        await Assertions.Expect(data.Locator("[data-testid=volumes-pending]")).ToBeVisibleAsync();
        await Assertions.Expect(data).ToContainTextAsync("opted in");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("opted in on Deployment web");
        VolumeWorkloads.TemplateAnnotation(await fixture.Workloads.GetAsync("Deployment", "web"), BackupAnnotations.BackupVolumes).ShouldBe("data");
        await BrowserApp.ScreenshotAsync(page, "48-volumes-opt-in");
    }

    [Fact]
    public async Task Viewer_SeesSwitchesDisabled()
    {
        await using var context = await fixture.Browser.Browser.NewContextAsync(Options);
        var page = await SignInAsync(context, "vic");

        await Assertions.Expect(page.Locator("[data-testid=volumes-readonly]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=volumes-volume][data-volume=cache] input[type=checkbox]")).ToBeDisabledAsync();
    }
}
