using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Backups;
using DataProtection.Core.Identity;
using DataProtection.Core.Restores;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;

namespace DataProtection.Tests.Integration.Restores;

/// <summary>/api/v1/clusters/{cluster}/restores: roles, the field named on bad input, and the audit row with every parameter.</summary>
[Collection(BackupsCollection.Name)]
public sealed class RestoresApiTests(BackupsFixture fixture)
{
    private const string Watched = BackupsFixture.Watched;

    [Fact]
    public async Task RestoresApi_OperatorCreates_AuditedWithItsParameters_ViewerCannot()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var ns = await fixture.NamespaceWithConfigMapsAsync(Watched, 2);
        var backup = await fixture.CreateBackupAsync(Watched, ns);
        await changes.NextAsync(c => c.Name == backup && c.Phase == BackupPhases.Completed);
        using var op = await ClientAsync(Roles.Operator);
        using var viewer = await ClientAsync(Roles.Viewer);
        var body = new { backupName = backup, namespaceMapping = new Dictionary<string, string> { [ns] = ns + "-api" }, existingResourcePolicy = "update" };

        var forbidden = await viewer.PostAsJsonAsync($"/api/v1/clusters/{Watched}/restores", body).DefaultTimeout();
        var created = await op.PostAsJsonAsync($"/api/v1/clusters/{Watched}/restores", body).DefaultTimeout();

        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var name = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>())!["name"];
        var restore = await viewer.GetFromJsonAsync<JsonObject>($"/api/v1/clusters/{Watched}/restores/{name}").DefaultTimeout();
        ((string?)restore!["backupName"]).ShouldBe(backup);
        var audit = await fixture.App.Service<AuditService>().ListAsync(new AuditQuery(Action: RestoreService.CreateAction), new(0, 50), CancellationToken.None);
        var entry = audit.Items.SingleOrDefault(e => e.TargetName == name).ShouldNotBeNull();
        entry.Parameters.ShouldNotBeNull().ShouldContain("\"existingResourcePolicy\":\"update\"");
        entry.Parameters.ShouldContain($"{ns}-api");
    }

    [Fact]
    public async Task RestoresApi_BadMapping_Is400NamingTheField()
    {
        using var op = await ClientAsync(Roles.Operator);

        var response = await op.PostAsJsonAsync($"/api/v1/clusters/{Watched}/restores",
            new { backupName = "x", namespaceMapping = new Dictionary<string, string> { ["a"] = "Not_Valid" } }).DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("namespaceMapping");
    }

    private async Task<HttpClient> ClientAsync(string role)
    {
        var user = $"{role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}";
        await fixture.App.CreateUserAsync(user, role, AppFactory.AdminPassword);
        var client = fixture.App.CreateClient();
        return client.WithBearer(await client.GetSessionTokenAsync(user, AppFactory.AdminPassword));
    }
}
