using DataProtection.Core.StorageLocations;
using DataProtection.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DataProtection.Tests.Browser;

/// <summary>Adding a customer location in the dialog against the hosted sandbox's S3 endpoint, in headless Chromium.</summary>
public sealed class StorageBrowserTests(StorageBrowserTests.Fixture fixture) : IClassFixture<StorageBrowserTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public BrowserApp Browser { get; } = new(new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });

        public Task InitializeAsync() => Browser.InitializeAsync();

        public Task DisposeAsync() => Browser.DisposeAsync();
    }

    private static ILocator Field(IPage page, string testId) => page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    [Fact]
    public async Task AddCustomerLocation_UnsafePrefixThenFixed_FieldErrorThenRowInTable()
    {
        var s3 = fixture.Browser.App.Service<IManagedStorageDefaults>().Get().ShouldNotBeNull();
        var (context, page) = await fixture.Browser.SignedInPageAsync(width: 1440, timeoutMs: 20_000);
        await using var _ = context;

        await BrowserApp.GotoAsync(page, "/storage");
        await page.ClickAsync("[data-testid=storage-add]");
        await Field(page, "storage-name").FillAsync("shop-backups");
        await Field(page, "storage-endpoint").FillAsync(s3.Endpoint!);
        await Field(page, "storage-bucket").FillAsync(s3.Bucket!);
        await Field(page, "storage-prefix").FillAsync("customers shop");
        await Field(page, "storage-access-key").FillAsync(s3.AccessKey!);
        await Field(page, "storage-secret-key").FillAsync(s3.SecretKey!);
        await Field(page, "storage-secret-key").BlurAsync();
        await page.ClickAsync("[data-testid=storage-save]");
        await Assertions.Expect(page.GetByText("unsafe in object keys")).ToBeVisibleAsync();

        await Field(page, "storage-prefix").FillAsync("customers/shop");
        await Field(page, "storage-prefix").BlurAsync();
        await page.ClickAsync("[data-testid=storage-validate]");
        await Assertions.Expect(page.Locator("[data-testid=storage-valid]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "40-add-storage-location");
        await page.ClickAsync("[data-testid=storage-save]");

        await Assertions.Expect(page.Locator("[data-testid=storage-row][data-location=shop-backups]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "41-storage");
    }
}
