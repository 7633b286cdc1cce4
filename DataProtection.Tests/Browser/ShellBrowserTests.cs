using DataProtection.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DataProtection.Tests.Browser;

public sealed class ShellBrowserTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private static readonly (string Nav, string Heading)[] Drawer =
    [
        ("clusters", "Clusters"), ("inventory", "Inventory"), ("backups", "Backups"), ("schedules", "Schedules"), ("restores", "Restores"),
        ("storage", "Storage"), ("audit", "Audit log"), ("users", "Users"), ("settings", "Settings"), ("overview", "Overview"),
    ];

    [Fact]
    public async Task SignIn_ToggleDarkMode_WalkDrawer_SignOut()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, ViewportSize = new() { Width = 1366, Height = 800 } });
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => console.Add($"page error: {error}");

        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/login?**");
        await BrowserApp.ScreenshotAsync(page, "01-sign-in");
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", AppFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await WaitForCircuitAsync(page, console, browser.App);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        await BrowserApp.ScreenshotAsync(page, "02-overview-light");

        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForSelectorAsync("[data-theme=dark]");
        await page.ReloadAsync();
        await WaitForCircuitAsync(page, console, browser.App);
        await Assertions.Expect(page.Locator("[data-theme]")).ToHaveAttributeAsync("data-theme", "dark");
        await BrowserApp.ScreenshotAsync(page, "03-overview-dark");

        foreach (var (nav, heading) in Drawer)
        {
            await page.ClickAsync($"[data-testid=nav-{nav}]");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            if (nav == "audit")
            {
                await Assertions.Expect(page.Locator("[data-testid=chain-status]")).ToContainTextAsync("Chain verified");
            }
            await BrowserApp.ScreenshotAsync(page, $"10-{nav}");
        }

        await page.ClickAsync("[data-testid=user-menu] button");
        await BrowserApp.ScreenshotAsync(page, "21-user-menu");
        await Assertions.Expect(page.Locator("[data-testid=user-role]")).ToHaveTextAsync("Admin");

        // A narrow window, in a second tab of the same session: the responsive drawer starts closed and the menu button opens it.
        var narrow = await context.NewPageAsync();
        await narrow.SetViewportSizeAsync(390, 800);
        await narrow.GotoAsync("/audit");
        await WaitForCircuitAsync(narrow, console, browser.App);
        await narrow.WaitForSelectorAsync(".mud-drawer.mud-drawer--closed", new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(narrow.Locator("[data-testid=nav-audit]")).Not.ToBeInViewportAsync();
        await narrow.ClickAsync("[data-testid=drawer-toggle]");
        await narrow.WaitForSelectorAsync(".mud-drawer.mud-drawer--open", new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(narrow.Locator("[data-testid=nav-audit]")).ToBeInViewportAsync();
        await BrowserApp.ScreenshotAsync(narrow, "20-narrow-drawer");
        await narrow.CloseAsync();

        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForURLAsync("**/login?signedOut=true");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("You are signed out");
    }

    private static async Task WaitForCircuitAsync(IPage page, List<string> console, AppFactory app)
    {
        try
        {
            await page.WaitForSelectorAsync("[data-circuit-ready=true]", new PageWaitForSelectorOptions { Timeout = 30_000, State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException)
        {
            // Keep what the browser showed, as evidence for the failure.
            await BrowserApp.ScreenshotAsync(page, "failure-circuit");
            throw new TimeoutException("The Blazor circuit did not start. Browser console:\n" + string.Join('\n', console)
                + "\nServer errors:\n" + string.Join('\n', app.Logs.Lines.Where(l => l.StartsWith("Error") || l.StartsWith("Critical"))));
        }
    }
}
