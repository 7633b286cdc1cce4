using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Schedules;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using DataProtection.Tests.Sandbox.Velero;
using k8s;

namespace DataProtection.Tests.Integration.Schedules;

/// <summary>Schedules read live from the clusters with data protection (the sandbox's Velero runs them), paused and resumed.</summary>
[Collection(BackupsCollection.Name)]
public sealed class ScheduleServiceTests(BackupsFixture fixture)
{
    private static readonly Actor Operator = new("operator", Roles.Operator, AuditSource.UI);

    private ScheduleService Schedules => fixture.App.Service<ScheduleService>();

    [Fact]
    public async Task ListSchedulesAsync_ScheduleThatRan_ShowsCronPhaseAndItsLastBackupFromHistory()
    {
        var name = await CreateScheduleAsync();

        var found = await VeleroFixture.WaitAsync(async () =>
            (await Schedules.ListSchedulesAsync(BackupsFixture.Viewer, BackupsFixture.Watched, CancellationToken.None)).Items
                .FirstOrDefault(s => s.Name == name && s.LastBackup is { Phase: "Completed" }));

        (found.Cluster, found.Cron, found.Paused, found.Phase, found.Ttl).ShouldBe((BackupsFixture.Watched, "0 3 * * *", false, "Enabled", "48h0m0s"));
        found.LastBackup!.Name.ShouldStartWith(name + "-");
        found.LastBackupUtc.ShouldNotBeNull();
    }

    [Fact]
    public async Task SetPausedAsync_OperatorPausesThenResumes_SpecFollowsAndBothAreAudited()
    {
        var name = await CreateScheduleAsync();

        var paused = await Schedules.SetPausedAsync(Operator, BackupsFixture.Watched, name, true, CancellationToken.None).DefaultTimeout();
        var pausedInCluster = await SpecPausedAsync(name);
        var resumed = await Schedules.SetPausedAsync(Operator, BackupsFixture.Watched, name, false, CancellationToken.None).DefaultTimeout();
        var audit = await fixture.App.Service<AuditService>().ListAsync(new AuditQuery(Action: "schedule."), new PageRequest(0, 200), CancellationToken.None);

        (paused.Paused, pausedInCluster, resumed.Paused, await SpecPausedAsync(name)).ShouldBe((true, true, false, false));
        audit.Items.Where(e => e.TargetName == name).Select(e => (e.Action, e.Outcome)).OrderBy(e => e.Action)
            .ShouldBe([(ScheduleService.PauseAction, AuditOutcome.Succeeded), (ScheduleService.ResumeAction, AuditOutcome.Succeeded)]);
    }

    [Fact]
    public async Task SetPausedAsync_ViewerOrUnknownSchedule_RefusedAndNothingChanges()
    {
        var name = await CreateScheduleAsync();

        await Should.ThrowAsync<ForbiddenException>(() => Schedules.SetPausedAsync(BackupsFixture.Viewer, BackupsFixture.Watched, name, true, CancellationToken.None));
        var missing = await Should.ThrowAsync<NotFoundException>(() => Schedules.SetPausedAsync(Operator, BackupsFixture.Watched, "never-made", true, CancellationToken.None));

        (await SpecPausedAsync(name)).ShouldBeFalse();
        missing.Message.ShouldBe("There is no schedule never-made on watched.");
    }

    [Fact]
    public async Task SchedulesApi_ViewerListsButCannotPause()
    {
        var name = await CreateScheduleAsync();
        var user = $"viewer-{Guid.NewGuid().ToString("N")[..6]}";
        await fixture.App.CreateUserAsync(user, Roles.Viewer, AppFactory.AdminPassword);
        using var client = fixture.App.CreateClient();
        client.WithBearer(await client.GetSessionTokenAsync(user, AppFactory.AdminPassword));

        var list = await client.GetFromJsonAsync<JsonObject>($"/api/v1/schedules?cluster={BackupsFixture.Watched}").DefaultTimeout();
        var pause = await client.PostAsync($"/api/v1/clusters/{BackupsFixture.Watched}/schedules/{name}/pause", null).DefaultTimeout();

        list!["items"]!.AsArray().ShouldContain(s => (string?)s!["name"] == name);
        pause.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await SpecPausedAsync(name)).ShouldBeFalse();
    }

    private async Task<string> CreateScheduleAsync()
    {
        var ns = await fixture.NamespaceWithConfigMapsAsync(BackupsFixture.Watched, 1);
        var name = $"s-{Guid.NewGuid().ToString("N")[..8]}";
        await fixture.Client(BackupsFixture.Watched).CustomObjects.CreateNamespacedCustomObjectAsync(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Schedule",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = VeleroFixture.Namespace },
            ["spec"] = new JsonObject
            {
                ["schedule"] = "0 3 * * *",
                ["template"] = new JsonObject { ["includedNamespaces"] = new JsonArray(ns), ["storageLocation"] = "default", ["ttl"] = "48h0m0s" },
            },
        }, "velero.io", "v1", VeleroFixture.Namespace, "schedules").DefaultTimeout();
        return name;
    }

    private async Task<bool> SpecPausedAsync(string name)
    {
        var obj = await fixture.Client(BackupsFixture.Watched).CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "schedules", name).DefaultTimeout();
        return (bool?)JsonNode.Parse(KubernetesJson.Serialize(obj))!["spec"]!["paused"] ?? false;
    }
}
