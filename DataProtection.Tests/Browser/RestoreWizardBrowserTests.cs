using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Core.Restores;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using DataProtection.Tests.Integration.Restores;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using Microsoft.Playwright;

namespace DataProtection.Tests.Browser;

/// <summary>An operator picks three objects of a backup in the wizard's tree and restores them into a new namespace.</summary>
public sealed class RestoreWizardBrowserTests(BackupsBrowserTests.Fixture fixture) : IClassFixture<BackupsBrowserTests.Fixture>
{
    private const string Cluster = "prod-eu-1";

    [Fact]
    public async Task RestoreWizard_ThreePickedObjectsIntoNewNamespace_PreviewsCreatesAndLandsInInventory()
    {
        var ns = await RestoreScenario.NamespaceAsync(fixture.Client);
        var backup = await BackupAsync(ns);
        var target = ns + "-restored";
        var (context, page) = await fixture.Browser.SignedInPageAsync(width: 1600, timeoutMs: 30_000);
        await using var _ = context;

        await BrowserApp.GotoAsync(page, $"/backups/{Cluster}/{backup}");
        await page.ClickAsync("[data-testid=backup-details-restore]");
        await BrowserApp.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=restore-backup]")).ToContainTextAsync($"{backup} · Completed");
        await ScreenshotAsync(page, "64-restore-wizard-source");
        await NextAsync(page, 0);

        await page.GetByText("Objects picked in the tree", new() { Exact = true }).ClickAsync();
        await page.ClickAsync($"[data-testid=pick-namespace][data-namespace={ns}] [data-testid=pick-namespace-toggle]");
        await page.ClickAsync($"[data-testid=pick-kind][data-namespace={ns}][data-kind=ConfigMap] [data-testid=pick-kind-toggle]");
        foreach (var name in new[] { "web-1", "web-2", "db-1" })
        {
            await page.Locator($"[data-testid=pick-item][data-name={name}] input").CheckAsync();
        }
        await Assertions.Expect(page.Locator("[data-testid=pick-count]")).ToHaveAttributeAsync("data-count", "3");
        await ScreenshotAsync(page, "65-restore-wizard-picked");
        await NextAsync(page, 1);

        await page.ClickAsync("[data-testid=restore-mapping-add]");
        var mapped = page.Locator("input[data-testid=restore-mapping-target]");
        await mapped.FillAsync("Bad_Name");
        await Assertions.Expect(page.GetByText($"namespaceMapping[{ns}]: 'Bad_Name' is not a valid namespace name", new() { Exact = false })).ToBeVisibleAsync();
        // Removing the row drops its mapping; a new row starts afresh.
        await page.ClickAsync("[data-testid=restore-mapping-remove]");
        await Assertions.Expect(page.Locator("[data-testid=restore-mapping-row]")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=restore-mapping-add]");
        await mapped.FillAsync(target);
        await Assertions.Expect(mapped).ToHaveAttributeAsync("aria-invalid", "false");
        await Assertions.Expect(page.GetByText("is not a valid namespace name", new() { Exact = false })).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "66-restore-wizard-target");
        await NextAsync(page, 2);

        var rows = page.Locator("[data-testid=restore-preview-table] tbody tr");
        await Assertions.Expect(page.Locator("[data-testid=restore-preview-create]")).ToHaveAttributeAsync("data-count", "4");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        foreach (var name in new[] { "web-1", "web-2", "db-1" })
        {
            var row = page.Locator($"[data-testid=restore-preview-table] tbody tr:has([data-testid=restore-preview-name]:text-is('{name}'))");
            await Assertions.Expect(row.Locator("[data-testid=restore-preview-namespace]")).ToHaveTextAsync($"{ns} → {target}");
            await Assertions.Expect(row.Locator("[data-testid=restore-preview-action]")).ToHaveAttributeAsync("data-action", "create");
        }
        await ScreenshotAsync(page, "67-restore-wizard-preview");
        await NextAsync(page, 3);

        await Assertions.Expect(page.Locator("[data-testid=restore-plan]")).ToHaveAttributeAsync("data-item-by-item", "false");
        var restore = $"{ns}-picked";
        await page.Locator("input[data-testid=restore-name]").FillAsync(restore);
        await Assertions.Expect(page.Locator("[data-testid=wizard-command]")).ToContainTextAsync($"velero restore create {restore} --from-backup {backup}");
        await Assertions.Expect(page.Locator("[data-testid=wizard-command]")).ToContainTextAsync($"--include-namespaces {ns} --include-cluster-resources=false");
        await Assertions.Expect(page.Locator("[data-testid=wizard-yaml]")).ToContainTextAsync($"{ns}: {target}");
        await ScreenshotAsync(page, "68-restore-wizard-review");
        await page.ClickAsync("[data-testid=wizard-create]");

        await page.WaitForURLAsync($"**/restores/{Cluster}/{restore}");
        // No reload: the page follows the restore through the cluster's watch until Velero has finished, then shows what it did.
        await Assertions.Expect(page.Locator("[data-testid=phase-chip]").First).ToHaveAttributeAsync("data-phase", "Completed", new() { Timeout = 30_000 });
        // The three ConfigMaps and the namespace Velero created for them.
        await Assertions.Expect(page.Locator("[data-testid=restore-items] [data-testid=restore-item-action]")).ToHaveTextAsync(["created", "created", "created", "created"]);
        await ScreenshotAsync(page, "70-restore-details");
        await BrowserApp.GotoAsync(page, $"/clusters/{Cluster}/inventory");
        await page.ClickAsync($"[data-testid=inventory-namespace][data-namespace={target}]");
        foreach (var name in new[] { "web-1", "web-2", "db-1" })
        {
            await Assertions.Expect(page.Locator($"[data-testid=inventory-grid] tbody tr:has-text('{name}')")).ToHaveCountAsync(1);
        }
        await ScreenshotAsync(page, "69-restore-wizard-inventory");
        (await RestoreScenario.ConfigMapsAsync(fixture.Client, target)).ShouldBe(["db-1", "web-1", "web-2"]);
    }

    [Fact]
    public async Task ContentsPage_RestoreSelected_OpensWizardWithThePickAndSaysItIsRestoredItemByItem()
    {
        var ns = await RestoreScenario.NamespaceAsync(fixture.Client);
        var backup = await BackupAsync(ns);
        var (context, page) = await fixture.Browser.SignedInPageAsync(width: 1600, timeoutMs: 30_000);
        await using var _ = context;
        await BrowserApp.GotoAsync(page, $"/backups/{Cluster}/{backup}/contents");

        await Assertions.Expect(page.Locator("[data-testid=contents-restore-selected]")).ToBeDisabledAsync();
        foreach (var name in new[] { "web-1", "db-1" })
        {
            await page.Locator($"[data-testid=contents-grid] tbody tr:has-text('{name}') input[type=checkbox]").CheckAsync();
        }
        await Assertions.Expect(page.Locator("[data-testid=contents-restore-selected]")).ToHaveTextAsync("Restore 2 selected");
        await page.ClickAsync("[data-testid=contents-restore-selected]");
        await page.WaitForURLAsync("**/restores/new?*");
        await Assertions.Expect(page.Locator("[data-testid=restore-backup]")).ToContainTextAsync(backup);
        await NextAsync(page, 0);
        await Assertions.Expect(page.Locator("[data-testid=pick-count]")).ToHaveAttributeAsync("data-count", "2");
        for (var step = 1; step < 4; step++)
        {
            await NextAsync(page, step);
        }

        // web-1 and db-1 share no label, and web-2 sits beside them: no Velero filter selects exactly these two.
        await Assertions.Expect(page.Locator("[data-testid=restore-plan]")).ToHaveAttributeAsync("data-item-by-item", "true");
        await Assertions.Expect(page.Locator("[data-testid=wizard-yaml]")).ToHaveCountAsync(0);
        var restore = $"{ns}-two";
        await page.Locator("input[data-testid=restore-name]").FillAsync(restore);
        await page.ClickAsync("[data-testid=wizard-create]");

        // In place, where both still exist unchanged: the dashboard's own run skips them, as Velero would, and says so live.
        await page.WaitForURLAsync($"**/restores/{Cluster}/{restore}");
        await Assertions.Expect(page.Locator("[data-testid=phase-chip]").First).ToHaveAttributeAsync("data-phase", "Completed", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByText("2 picked objects, item by item", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=restore-items] [data-testid=restore-item-action]")).ToHaveTextAsync(["skipped", "skipped"]);
        await ScreenshotAsync(page, "71-restore-item-by-item");
    }

    [Fact]
    public async Task SchedulesPage_RestoreLatest_OpensWizardOnThatSchedule_NamingItsNewestGoodBackup()
    {
        var ns = await RestoreScenario.NamespaceAsync(fixture.Client);
        var schedule = $"nightly-{ns[^8..]}";
        await fixture.Client.CustomObjects.CreateNamespacedCustomObjectAsync(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Schedule",
            ["metadata"] = new JsonObject { ["name"] = schedule, ["namespace"] = "velero" },
            ["spec"] = new JsonObject { ["schedule"] = "0 3 * * *", ["paused"] = true, ["template"] = new JsonObject { ["includedNamespaces"] = new JsonArray(ns) } },
        }, "velero.io", "v1", "velero", "schedules").DefaultTimeout();
        var backup = await fixture.BackupAsync(schedule, ns, schedule: schedule);
        var (context, page) = await fixture.Browser.SignedInPageAsync(width: 1600, timeoutMs: 30_000);
        await using var _ = context;

        await BrowserApp.GotoAsync(page, "/schedules");
        await page.ClickAsync($"tr:has-text('{schedule}') [data-testid=schedule-restore]");

        await page.WaitForURLAsync($"**/restores/new?*schedule={schedule}*");
        await Assertions.Expect(page.Locator("[data-testid=restore-schedule-latest]")).ToContainTextAsync(backup);
        await Assertions.Expect(page.Locator("[data-testid=restore-source-contents]")).ToContainTextAsync($"{backup} holds");
    }

    // One step at a time: a click that lands while the previous step is still rendering would be lost.
    private static async Task NextAsync(IPage page, int from)
    {
        await Assertions.Expect(page.Locator("[data-testid=wizard-stepper]")).ToHaveAttributeAsync("data-step", from.ToString());
        await page.ClickAsync("[data-testid=wizard-next]");
        await Assertions.Expect(page.Locator("[data-testid=wizard-stepper]")).ToHaveAttributeAsync("data-step", (from + 1).ToString());
    }

    // Transitions finished first: MudBlazor fades a field's error colour out after it was fixed.
    private static Task ScreenshotAsync(IPage page, string name) => page.ScreenshotAsync(new PageScreenshotOptions
    {
        Path = Path.Combine(BrowserApp.ScreenshotDirectory, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled,
    });

    private Task<string> BackupAsync(string ns) => fixture.BackupAsync("pick", ns);
}
