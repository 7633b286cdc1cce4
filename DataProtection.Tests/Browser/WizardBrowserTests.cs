using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Schedules;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using k8s.Models;
using Microsoft.Playwright;

namespace DataProtection.Tests.Browser;

/// <summary>An operator builds a label-selected backup and a paused schedule with the wizards, on the sandbox cluster and Velero.</summary>
public sealed class WizardBrowserTests(BackupsBrowserTests.Fixture fixture) : IClassFixture<BackupsBrowserTests.Fixture>
{
    private const string Cluster = "prod-eu-1";

    [Fact]
    public async Task BackupWizard_LabelSelected_CountsThenCreatesAndCompletes()
    {
        var app = $"wiz-{Guid.NewGuid().ToString("N")[..6]}";
        await SeedAsync(app, labelled: 12, unlabelled: 5);
        var (context, page) = await fixture.Browser.SignedInPageAsync(width: 1600, timeoutMs: 30_000);
        await using var _ = context;
        await BrowserApp.GotoAsync(page, $"/backups/new?cluster={Cluster}");

        await page.GetByText("All namespaces", new() { Exact = true }).ClickAsync();
        await page.GetByText("Label selector", new() { Exact = true }).ClickAsync();
        await page.Locator("input[data-testid=wizard-selector]").FillAsync($"app={app}");
        await Assertions.Expect(page.Locator("[data-testid=wizard-count]")).ToHaveAttributeAsync("data-count", "12");
        await Assertions.Expect(page.Locator("[data-testid=wizard-sample]")).ToContainTextAsync("cm-0");
        await BrowserApp.ScreenshotAsync(page, "55-backup-wizard-scope");
        for (var step = 0; step < 3; step++)
        {
            await NextAsync(page, step);
        }
        await page.GetByText("7 days", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wizard-expiry]")).ToContainTextAsync("168h0m0s");
        await NextAsync(page, 3);
        var name = page.Locator("input[data-testid=wizard-name]");
        await Assertions.Expect(name).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^backup-\\d{14}$"));
        await name.FillAsync("Bad_Name");
        await Assertions.Expect(page.GetByText("name: 'Bad_Name' must consist of lower case alphanumerics", new() { Exact = false }).First).ToBeVisibleAsync();
        await name.FillAsync($"{app}-once");
        await Assertions.Expect(page.Locator("[data-testid=wizard-command]")).ToContainTextAsync($"velero backup create {app}-once");
        await Assertions.Expect(page.Locator("[data-testid=wizard-yaml]")).ToContainTextAsync($"app: {app}");
        await BrowserApp.ScreenshotAsync(page, "56-backup-wizard-review");

        await page.ClickAsync("[data-testid=wizard-create]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Backup {app}-once", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=phase-chip]").First).ToHaveAttributeAsync("data-phase", BackupPhases.Completed, new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Tab, new() { Name = "Logs" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=backup-log]")).ToContainTextAsync("Backed up a total of");
        await BrowserApp.ScreenshotAsync(page, "57-backup-wizard-completed");
    }

    [Fact]
    public async Task ScheduleWizard_DailyPreset_ShowsRunsAndCreatesPaused()
    {
        var name = $"nightly-{Guid.NewGuid().ToString("N")[..6]}";
        var (context, page) = await fixture.Browser.SignedInPageAsync(width: 1600, timeoutMs: 30_000);
        await using var _ = context;
        await BrowserApp.GotoAsync(page, $"/schedules/new?cluster={Cluster}");

        await Assertions.Expect(page.Locator("[data-testid=wizard-cron-description]")).ToHaveTextAsync(CronText.Describe("0 2 * * *"));
        await Assertions.Expect(page.Locator("[data-testid=wizard-cron-runs] li")).ToHaveCountAsync(5);
        await page.GetByText("Hourly", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wizard-cron-description]")).ToHaveTextAsync(CronText.Describe("0 * * * *"));
        await BrowserApp.ScreenshotAsync(page, "58-schedule-wizard-cron");
        for (var step = 0; step < 5; step++)
        {
            await NextAsync(page, step);
        }
        await page.Locator("input[data-testid=wizard-name]").FillAsync(name);
        await Assertions.Expect(page.Locator("[data-testid=wizard-yaml]")).ToContainTextAsync("paused: true");
        await page.ClickAsync("[data-testid=wizard-create]");
        await page.WaitForURLAsync("**/schedules");
        // The Schedule reaches the cluster through the submission job, so wait for it there, then read the list afresh.
        var created = await VeleroFixture.WaitAsync(async () =>
        {
            try
            {
                return await fixture.Browser.App.Service<ScheduleService>().GetScheduleAsync(BackupsFixture.Admin, Cluster, name, CancellationToken.None);
            }
            catch (NotFoundException)
            {
                return null;
            }
        });
        await BrowserApp.GotoAsync(page, "/schedules");
        var row = page.Locator($"tr:has([data-schedule={name}])");
        await Assertions.Expect(row.Locator("[data-testid=phase-chip]")).ToHaveAttributeAsync("data-phase", "Paused");
        await BrowserApp.ScreenshotAsync(page, "59-schedules-created-paused");
        created.Draft.Paused.ShouldBeTrue();
        created.Draft.Cron.ShouldBe("0 * * * *");
    }

    // One step at a time: a click that lands while the previous step is still rendering would be lost.
    private static async Task NextAsync(IPage page, int from)
    {
        await Assertions.Expect(page.Locator("[data-testid=wizard-stepper]")).ToHaveAttributeAsync("data-step", from.ToString());
        await page.ClickAsync("[data-testid=wizard-next]");
        await Assertions.Expect(page.Locator("[data-testid=wizard-stepper]")).ToHaveAttributeAsync("data-step", (from + 1).ToString());
    }

    private async Task SeedAsync(string app, int labelled, int unlabelled)
    {
        await fixture.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = app } }).DefaultTimeout();
        for (var i = 0; i < labelled + unlabelled; i++)
        {
            var labels = i < labelled ? new Dictionary<string, string> { ["app"] = app } : null;
            await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = $"cm-{i}", Labels = labels } }, app).DefaultTimeout();
        }
    }
}
