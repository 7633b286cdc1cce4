using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Core.Restores;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Microsoft.Playwright;

namespace DataProtection.Tests.Browser;

/// <summary>A viewer opens a finished backup's contents: the tree counts what it holds, a label filter narrows it, a row shows the object.</summary>
public sealed class BackupContentsBrowserTests(BackupsBrowserTests.Fixture fixture) : IClassFixture<BackupsBrowserTests.Fixture>
{
    [Fact]
    public async Task ContentsPage_TreeFiltersAndManifest()
    {
        var (ns, name) = await CompletedBackupAsync();
        var (context, page) = await fixture.Browser.SignedInPageAsync(width: 1600, timeoutMs: 30_000);
        await using var _ = context;

        await BrowserApp.GotoAsync(page, $"/backups/prod-eu-1/{name}");
        await page.ClickAsync("[data-testid=backup-details-contents]");
        await BrowserApp.WaitForCircuitAsync(page);
        var tree = page.Locator($"[data-testid=contents-namespace][data-namespace={ns}]");
        await Assertions.Expect(tree).ToContainTextAsync($"{ns} · 3");
        await Assertions.Expect(page.Locator("[data-testid=contents-grid] tbody tr")).ToHaveCountAsync(4);

        await page.Locator("input[data-testid=contents-selector]").FillAsync("app=web");
        await Assertions.Expect(page.Locator("[data-testid=contents-grid] tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=contents-total]")).ToContainTextAsync("2 of 4 items");
        await BrowserApp.ScreenshotAsync(page, "60-backup-contents");

        await page.Locator("[data-testid=contents-grid] tbody tr:has-text('web-1')").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=contents-yaml]")).ToContainTextAsync("name: web-1");
        await Assertions.Expect(page.Locator("[data-testid=contents-yaml]")).ToContainTextAsync("app: web");
        await BrowserApp.ScreenshotAsync(page, "61-backup-contents-object");
    }

    [Fact]
    public async Task BackupDetails_PinThenUnpin_ExpiryMovesAndComesBack()
    {
        var (_, name) = await CompletedBackupAsync();
        var backups = fixture.Browser.App.Service<BackupService>();
        var original = (await backups.GetBackupAsync(Integration.Backups.BackupsFixture.Admin, "prod-eu-1", name, CancellationToken.None)).Summary.ExpiresUtc;
        var (context, page) = await fixture.Browser.SignedInPageAsync(width: 1600, timeoutMs: 30_000);
        await using var _ = context;
        await BrowserApp.GotoAsync(page, $"/backups/prod-eu-1/{name}");

        await page.ClickAsync("[data-testid=backup-details-pin]");
        await Assertions.Expect(page.Locator("[data-testid=backup-details-pin]")).ToHaveTextAsync("Unpin");
        var pinned = (await backups.GetBackupAsync(Integration.Backups.BackupsFixture.Admin, "prod-eu-1", name, CancellationToken.None)).Summary;
        await BrowserApp.ScreenshotAsync(page, "53-backup-pinned");
        await page.ClickAsync("[data-testid=backup-details-pin]");
        await Assertions.Expect(page.Locator("[data-testid=backup-details-pin]")).ToHaveTextAsync("Pin");
        var unpinned = (await backups.GetBackupAsync(Integration.Backups.BackupsFixture.Admin, "prod-eu-1", name, CancellationToken.None)).Summary;

        pinned.Pinned.ShouldBeTrue();
        pinned.ExpiresUtc.ShouldNotBeNull().ShouldBeGreaterThan(DateTime.UtcNow.AddYears(50));
        unpinned.Pinned.ShouldBeFalse();
        unpinned.ExpiresUtc.ShouldBe(original);
    }

    [Fact]
    public async Task RestoresPage_ListsARestoreWithItsPhase()
    {
        var (ns, backup) = await CompletedBackupAsync();
        var restores = fixture.Browser.App.Service<RestoreService>();
        var created = await restores.CreateRestoreAsync(Integration.Backups.BackupsFixture.Admin, "prod-eu-1", null,
            new RestoreRequest { BackupName = backup, NamespaceMapping = new Dictionary<string, string> { [ns] = ns + "-copy" }, IncludedNamespaces = [ns] },
            CancellationToken.None).DefaultTimeout();
        await Sandbox.Velero.VeleroFixture.WaitAsync(async () =>
        {
            var r = await restores.GetRestoreAsync(Integration.Backups.BackupsFixture.Admin, "prod-eu-1", created.Name, CancellationToken.None);
            return r.Phase == "Completed" ? r : null;
        });
        var (context, page) = await fixture.Browser.SignedInPageAsync(width: 1600, timeoutMs: 30_000);
        await using var _ = context;

        await BrowserApp.GotoAsync(page, "/restores");

        var row = page.Locator($"tr:has([data-restore='{created.Name}'])");
        await Assertions.Expect(row.Locator("[data-testid=phase-chip]")).ToHaveAttributeAsync("data-phase", "Completed");
        await Assertions.Expect(row).ToContainTextAsync(backup);
        await BrowserApp.ScreenshotAsync(page, "62-restores");

        await row.GetByRole(AriaRole.Link, new() { Name = created.Name }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=restore-items] [data-testid=restore-item-action]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=restore-items]")).ToContainTextAsync($"{ns}-copy");
        await Assertions.Expect(page.Locator("[data-testid=restore-items] [data-testid=restore-item-action]").First).ToHaveTextAsync("created");
        await BrowserApp.ScreenshotAsync(page, "63-restore-details");
    }

    private async Task<(string Ns, string Name)> CompletedBackupAsync()
    {
        var client = fixture.Client;
        var ns = $"shop-{Guid.NewGuid().ToString("N")[..6]}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = ns } }).DefaultTimeout();
        foreach (var (cm, app) in new[] { ("web-1", "web"), ("web-2", "web"), ("db-1", "db") })
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new() { Name = cm, Labels = new Dictionary<string, string> { ["app"] = app } },
            }, ns).DefaultTimeout();
        }
        var name = await fixture.BackupAsync("contents", ns);
        return (ns, name);
    }
}
