using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Backups;
using DataProtection.Core.Data;
using Microsoft.EntityFrameworkCore;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Schedules;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using DataProtection.Tests.Sandbox.Velero;
using k8s;

namespace DataProtection.Tests.Integration.Schedules;

/// <summary>Creating and editing schedules against the sandbox's Velero: CRD-valid objects, Enabled, and no lost update.</summary>
[Collection(BackupsCollection.Name)]
public sealed class ScheduleEditingTests(BackupsFixture fixture)
{
    internal const int SubmissionSeconds = 30;
    internal static readonly Actor Operator = new("operator", Roles.Operator, AuditSource.UI);
    private const string Watched = BackupsFixture.Watched;

    private ScheduleService Schedules => fixture.App.Service<ScheduleService>();

    [Fact]
    public async Task CreateScheduleAsync_Draft_ScheduleIsCrdValidEnabledAndAudited()
    {
        var draft = await DraftAsync(paused: false);

        var name = await Schedules.CreateScheduleAsync(Operator, Watched, draft, CancellationToken.None).DefaultTimeout();
        var schedule = await WaitForPhaseAsync(name, "Enabled");

        name.ShouldBe(draft.Name);
        CrdSchemaValidator.Validate(schedule).ShouldBeEmpty();
        var read = ScheduleTemplateReader.Draft(schedule);
        read.ShouldBe(draft with { Template = read.Template });
        JsonNode.DeepEquals(schedule["spec"]!["template"], BackupSpecWriter.Spec(draft.Template)).ShouldBeTrue();
        (await AuditAsync(name)).ShouldBe([(ScheduleService.CreateAction, AuditOutcome.Succeeded)]);
        var submission = await VeleroFixture.WaitAsync(async () =>
        {
            await using var db = await fixture.App.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            return await db.Submissions.AsNoTracking().FirstOrDefaultAsync(s => s.Kind == "Schedule" && s.Name == name && s.State == SubmissionState.Created);
        });
        (submission.RequestedBy, (string?)schedule["metadata"]!["annotations"]![ResourceSubmitter.SubmissionAnnotation]).ShouldBe(("operator", submission.SubmissionId.ToString()));
    }

    [Fact]
    public async Task CreateScheduleAsync_NameTakenOrBadCron_RefusedAndNothingWritten()
    {
        var draft = await DraftAsync(paused: true);
        await CreateAsync(fixture, draft);

        var taken = await Should.ThrowAsync<ConflictException>(() => Schedules.CreateScheduleAsync(Operator, Watched, draft with { Cron = "@hourly" }, CancellationToken.None));
        var badCron = await Should.ThrowAsync<ValidationException>(() =>
            Schedules.CreateScheduleAsync(Operator, Watched, draft with { Name = draft.Name + "-x", Cron = "0 2 * *" }, CancellationToken.None));

        taken.Message.ShouldBe($"A schedule named {draft.Name} already exists on {Watched}; choose another name or edit that one.");
        badCron.Field.ShouldBe("schedule");
        (await ScheduleObjectAsync(draft.Name + "-x")).ShouldBeNull();
        ((string?)(await ScheduleObjectAsync(draft.Name))!["spec"]!["schedule"]).ShouldBe("0 2 * * *");
        (await AuditAsync(draft.Name)).Count(a => a.Outcome != AuditOutcome.Succeeded).ShouldBe(1);
    }

    [Fact]
    public async Task UpdateScheduleAsync_TwoEditsFromTheSameVersion_SecondRefusedFirstSurvives()
    {
        var draft = await DraftAsync(paused: true);
        await CreateAsync(fixture, draft);
        // Paused, so Velero leaves it alone (no status writes) and only the two edits below change its resourceVersion.
        var opened = await Schedules.GetScheduleAsync(BackupsFixture.Viewer, Watched, draft.Name, CancellationToken.None).DefaultTimeout();

        var first = await Schedules.UpdateScheduleAsync(Operator, Watched, draft.Name,
            opened.Draft with { Cron = "30 4 * * 1-5", Template = opened.Draft.Template with { Ttl = TimeSpan.FromDays(90) } }, opened.ResourceVersion,
            CancellationToken.None).DefaultTimeout();
        var second = await Should.ThrowAsync<ConflictException>(() => Schedules.UpdateScheduleAsync(Operator, Watched, draft.Name,
            opened.Draft with { Cron = "@hourly" }, opened.ResourceVersion, CancellationToken.None));

        second.Message.ShouldBe($"The schedule {draft.Name} changed on {Watched} since it was opened, so nothing was saved. "
            + "Reopen it to see the current version and make your edit again.");
        var now = await Schedules.GetScheduleAsync(BackupsFixture.Viewer, Watched, draft.Name, CancellationToken.None).DefaultTimeout();
        (now.Draft.Cron, now.Draft.Template.Ttl, now.Summary.Ttl).ShouldBe(("30 4 * * 1-5", TimeSpan.FromDays(90), "2160h0m0s"));
        first.ResourceVersion.ShouldNotBe(opened.ResourceVersion);
        (await AuditAsync(draft.Name)).Where(a => a.Action == ScheduleService.UpdateAction).Select(a => a.Outcome)
            .ShouldBe([AuditOutcome.Succeeded, AuditOutcome.Failed], ignoreOrder: true);
    }

    [Fact]
    public async Task UpdateScheduleAsync_TemplateFieldsTheDashboardDoesNotEdit_AreKept()
    {
        var draft = await DraftAsync(paused: true);
        await CreateAsync(fixture, draft);
        var patch = new JsonObject { ["spec"] = new JsonObject
        {
            ["useOwnerReferencesInBackup"] = true,
            ["template"] = new JsonObject { ["csiSnapshotTimeout"] = "5m0s", ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "shop" } } },
        } };
        await fixture.Client(Watched).CustomObjects.PatchNamespacedCustomObjectAsync(new k8s.Models.V1Patch(patch.ToJsonString(), k8s.Models.V1Patch.PatchType.MergePatch),
            "velero.io", "v1", VeleroFixture.Namespace, "schedules", draft.Name).DefaultTimeout();
        var opened = await Schedules.GetScheduleAsync(BackupsFixture.Viewer, Watched, draft.Name, CancellationToken.None).DefaultTimeout();

        await Schedules.UpdateScheduleAsync(Operator, Watched, draft.Name, opened.Draft with { Cron = "@daily" }, opened.ResourceVersion,
            CancellationToken.None).DefaultTimeout();

        var saved = (await ScheduleObjectAsync(draft.Name))!;
        ((string?)saved["spec"]!["template"]!["csiSnapshotTimeout"], (string?)saved["spec"]!["template"]!["metadata"]!["labels"]!["team"])
            .ShouldBe(("5m0s", "shop"));
        ((bool?)saved["spec"]!["useOwnerReferencesInBackup"], (string?)saved["spec"]!["schedule"]).ShouldBe((true, "@daily"));
        CrdSchemaValidator.Validate(saved).ShouldBeEmpty();
    }

    [Fact]
    public async Task SchedulesApi_CreateGetAndStaleUpdate_AnswerWithFieldsAnd409()
    {
        var draft = await DraftAsync(paused: true);
        using var client = fixture.App.CreateClient();
        client.WithBearer(await client.GetSessionTokenAsync("admin", AppFactory.AdminPassword));
        var url = $"/api/v1/clusters/{Watched}/schedules";

        var bad = await client.PostAsJsonAsync(url, new { name = draft.Name, cron = "61 * * * *", template = new { ttl = "7.00:00:00" } }).DefaultTimeout();
        var noTemplate = await client.PostAsJsonAsync(url, new { name = draft.Name, cron = "@daily" }).DefaultTimeout();
        var created = await client.PostAsJsonAsync(url, new { name = draft.Name, cron = "0 1 * * *", paused = true,
            template = new { namespaces = "Selected", includedNamespaces = draft.Template.IncludedNamespaces, ttl = "7.00:00:00" } }).DefaultTimeout();
        await VeleroFixture.WaitAsync(() => ScheduleObjectAsync(draft.Name), SubmissionSeconds);
        var opened = await client.GetFromJsonAsync<JsonObject>($"{url}/{draft.Name}").DefaultTimeout();
        var staleVersion = (string)opened!["resourceVersion"]!;
        var body = new { cron = "0 5 * * *", paused = true, template = opened["draft"]!["template"], resourceVersion = staleVersion };
        var updated = await client.PutAsJsonAsync($"{url}/{draft.Name}", body).DefaultTimeout();
        var stale = await client.PutAsJsonAsync($"{url}/{draft.Name}", body with { cron = "0 6 * * *" }).DefaultTimeout();

        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["schedule"]![0]!.ToString().ShouldContain("end of range (61) above maximum (59)");
        (await noTemplate.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["template"]![0]!.ToString().ShouldBe("template: is required.");
        (created.StatusCode, updated.StatusCode, stale.StatusCode).ShouldBe((HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.Conflict));
        ((string?)opened["draft"]!["template"]!["namespaces"]).ShouldBe("Selected");
        ((string?)opened["summary"]!["cron"], (string?)(await ScheduleObjectAsync(draft.Name))!["spec"]!["schedule"]).ShouldBe(("0 1 * * *", "0 5 * * *"));
    }

    /// <summary>Creates through the service and waits for the submission job to have written the Schedule.</summary>
    internal static async Task CreateAsync(BackupsFixture fixture, ScheduleDraft draft)
    {
        await fixture.App.Service<ScheduleService>().CreateScheduleAsync(Operator, Watched, draft, CancellationToken.None).DefaultTimeout();
        // The Hangfire queue is polled, so the job may take a while to start.
        await VeleroFixture.WaitAsync(async () => await ScheduleObjectAsync(fixture, draft.Name), SubmissionSeconds);
    }

    internal static async Task<ScheduleDraft> DraftAsync(BackupsFixture fixture, bool paused)
    {
        var ns = await fixture.NamespaceWithConfigMapsAsync(Watched, 2);
        var template = new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = [ns], StorageLocation = "default", Ttl = TimeSpan.FromDays(7) };
        return new ScheduleDraft($"s-{Guid.NewGuid().ToString("N")[..8]}", "0 2 * * *", template, paused);
    }

    private Task<ScheduleDraft> DraftAsync(bool paused) => DraftAsync(fixture, paused);

    private Task<JsonObject> WaitForPhaseAsync(string name, string phase) =>
        VeleroFixture.WaitAsync(async () => await ScheduleObjectAsync(name) is { } s && (string?)s["status"]?["phase"] == phase ? s : null, SubmissionSeconds);

    private Task<JsonObject?> ScheduleObjectAsync(string name) => ScheduleObjectAsync(fixture, name);

    private static async Task<JsonObject?> ScheduleObjectAsync(BackupsFixture fixture, string name)
    {
        try
        {
            var obj = await fixture.Client(Watched).CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "schedules", name).DefaultTimeout();
            return JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<List<(string Action, AuditOutcome Outcome)>> AuditAsync(string name) =>
        [.. (await fixture.App.Service<AuditService>().ListAsync(new AuditQuery(Action: "schedule."), new PageRequest(0, 500), CancellationToken.None))
            .Items.Where(e => e.TargetName == name).Select(e => (e.Action, e.Outcome))];
}
