using DataProtection.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DataProtection.Tests.Browser;

/// <summary>The app on a real loopback socket plus Debian's Chromium driven by Playwright; screenshots go to artifacts/screenshots.</summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public BrowserApp()
        : this((IDictionary<string, string?>?)null)
    {
    }

    /// <summary>Internal: xunit builds class fixtures through their one public constructor.</summary>
    internal BrowserApp(IDictionary<string, string?>? settings) => App = new AppFactory(settings);

    internal BrowserApp(AppFactory app) => App = app;

    private IPlaywright? _playwright;

    public AppFactory App { get; }

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl { get; private set; } = "";

    public static string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("SCREENSHOT_DIR")
        ?? Path.Combine(FindRepositoryRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        App.Dispose();
    }

    /// <summary>A new browser context (the caller disposes it) and a page signed in as <paramref name="user"/>, its circuit ready.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> SignedInPageAsync(string user = "admin", int width = 1440, float timeoutMs = 20_000)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new() { Width = width, Height = 900 } });
        context.SetDefaultTimeout(timeoutMs);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", AppFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await WaitForCircuitAsync(page);
        return (context, page);
    }

    /// <summary>Navigates and waits until Blazor's circuit is interactive, so clicks are not lost to prerendered markup.</summary>
    public static async Task GotoAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await WaitForCircuitAsync(page);
    }

    public static Task WaitForCircuitAsync(IPage page) =>
        page.WaitForSelectorAsync("[data-circuit-ready=true]", new() { State = WaitForSelectorState.Attached });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DataProtection.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
