using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Backups;

/// <summary>/api/v1/backups and /api/v1/clusters/{cluster}/backups/{name}: roles, filters, paging, audited delete.</summary>
[Collection(BackupsCollection.Name)]
public sealed class BackupsApiTests(BackupsFixture fixture)
{
    [Fact]
    public async Task BackupsApi_ViewerListsAndReadsButCannotDelete()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var name = await fixture.CreateBackupAsync(BackupsFixture.Watched, await fixture.NamespaceWithConfigMapsAsync(BackupsFixture.Watched, 1));
        await changes.NextAsync(c => c.Name == name && c.Phase == BackupPhases.Completed);
        using var viewer = await ClientAsync(Roles.Viewer);

        var list = await viewer.GetFromJsonAsync<JsonObject>($"/api/v1/backups?cluster={BackupsFixture.Watched}&search={name}&page=0&pageSize=10").DefaultTimeout();
        var details = await viewer.GetFromJsonAsync<JsonObject>($"/api/v1/clusters/{BackupsFixture.Watched}/backups/{name}").DefaultTimeout();
        var delete = await viewer.DeleteAsync($"/api/v1/clusters/{BackupsFixture.Watched}/backups/{name}?confirm={name}").DefaultTimeout();

        ((int?)list!["totalCount"]).ShouldBe(1);
        ((string?)list["items"]![0]!["phase"]).ShouldBe(BackupPhases.Completed);
        ((string?)details!["summary"]!["name"]).ShouldBe(name);
        delete.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task BackupsApi_OperatorDeletes_AcceptedAndAudited()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var name = await fixture.CreateBackupAsync(BackupsFixture.Watched, await fixture.NamespaceWithConfigMapsAsync(BackupsFixture.Watched, 1));
        await changes.NextAsync(c => c.Name == name && c.Phase == BackupPhases.Completed);
        using var op = await ClientAsync(Roles.Operator);

        var wrong = await op.DeleteAsync($"/api/v1/clusters/{BackupsFixture.Watched}/backups/{name}?confirm=nope").DefaultTimeout();
        var delete = await op.DeleteAsync($"/api/v1/clusters/{BackupsFixture.Watched}/backups/{name}?confirm={name}").DefaultTimeout();
        await changes.NextAsync(c => c.Name == name && c.Deleted);
        using var admin = await ClientAsync(Roles.Admin);
        var audit = await admin.GetFromJsonAsync<JsonObject>($"/api/v1/audit?action={BackupService.DeleteAction}&pageSize=100").DefaultTimeout();

        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["confirmName"].ShouldNotBeNull();
        delete.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        audit!["items"]!.AsArray().ShouldContain(e => (string?)e!["targetName"] == name && (string?)e["outcome"] == "Succeeded");
    }

    [Fact]
    public async Task BackupsApi_UnknownBackup_Is404NamingIt()
    {
        using var viewer = await ClientAsync(Roles.Viewer);

        var response = await viewer.GetAsync($"/api/v1/clusters/{BackupsFixture.Watched}/backups/never-made").DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("There is no backup never-made in watched");
    }

    [Fact]
    public async Task BackupsApi_UnknownCluster_Is404()
    {
        using var viewer = await ClientAsync(Roles.Viewer);

        var response = await viewer.GetAsync("/api/v1/clusters/nowhere/backups/anything").DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<HttpClient> ClientAsync(string role)
    {
        var user = $"{role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}";
        await fixture.App.CreateUserAsync(user, role, AppFactory.AdminPassword);
        var client = fixture.App.CreateClient();
        return client.WithBearer(await client.GetSessionTokenAsync(user, AppFactory.AdminPassword));
    }
}
