using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;
using k8s;

namespace DataProtection.Tests.Integration.Backups;

/// <summary>POST /api/v1/clusters/{cluster}/backups and pin/unpin: 202 with name and job, 400 naming the field, 409, roles.</summary>
public sealed class BackupCreateApiTests(BackupScopeFixture fixture) : IClassFixture<BackupScopeFixture>
{
    private const string Path = $"/api/v1/clusters/{SubmissionSandbox.Cluster}/backups";

    [Fact]
    public async Task Post_Operator_AcceptedCreatedThenNameTakenAndPinnable()
    {
        var ns = $"api-{Guid.NewGuid().ToString("N")[..6]}";
        await fixture.Sandbox.Client().CoreV1.CreateNamespaceAsync(new() { Metadata = new() { Name = ns } }).DefaultTimeout();
        using var op = await ClientAsync(Roles.Operator);
        var body = new { name = ns, includedNamespaces = new[] { ns }, labelSelector = "app=web", ttl = "7d" };

        var response = await op.PostAsJsonAsync(Path, body).DefaultTimeout();
        var accepted = await response.Content.ReadFromJsonAsync<JsonObject>();
        var created = await SubmissionSandbox.SubmissionAsync(fixture.App, ns, s => s.State != SubmissionState.Pending);
        created.State.ShouldBe(SubmissionState.Created, created.Error);
        var backup = await fixture.Sandbox.WaitForBackupAsync(ns, b => (string?)b["status"]?["phase"] is "Completed" or "PartiallyFailed" or "Failed");
        ((string?)backup["status"]!["phase"]).ShouldBe("Completed", backup.ToJsonString());
        var submission = await op.GetFromJsonAsync<JsonObject>($"{Path}/{ns}/submission").DefaultTimeout();
        var again = await op.PostAsJsonAsync(Path, body).DefaultTimeout();
        var pin = await op.PostAsync($"{Path}/{ns}/pin", null).DefaultTimeout();
        var unpin = await op.PostAsync($"{Path}/{ns}/unpin", null).DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        ((string?)accepted!["name"], (string?)accepted["cluster"]).ShouldBe((ns, SubmissionSandbox.Cluster));
        ((string?)accepted["jobId"]).ShouldNotBeNullOrEmpty();
        response.Headers.Location!.ToString().ShouldBe($"{Path}/{ns}/submission");
        ((string?)backup["spec"]!["ttl"], (string?)backup["spec"]!["labelSelector"]!["matchLabels"]!["app"]).ShouldBe(("168h0m0s", "web"));
        ((string?)submission!["state"]).ShouldBe("Created");
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain($"A backup named {ns} already exists");
        pin.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((bool?)(await pin.Content.ReadFromJsonAsync<JsonObject>())!["pinned"]).ShouldBe(true);
        ((bool?)(await unpin.Content.ReadFromJsonAsync<JsonObject>())!["pinned"]).ShouldBe(false);
    }

    [Theory]
    [InlineData("""{"name":"Bad_Name"}""", "name")]
    [InlineData("""{"ttl":"forever"}""", "ttl")]
    [InlineData("""{"ttl":"10s"}""", "ttl")]
    [InlineData("""{"labelSelector":"app in (web"}""", "labelSelector")]
    [InlineData("""{"labelSelector":"app=web","orLabelSelectors":["tier=db"]}""", "orLabelSelectors")]
    [InlineData("""{"includedResources":["Deployments!"]}""", "includedResources")]
    [InlineData("""{"excludedNamespaces":["*"]}""", "excludedNamespaces")]
    [InlineData("""{"storageLocation":"elsewhere"}""", "storageLocation")]
    public async Task Post_BadField_400NamingItAndNoBackup(string json, string field)
    {
        using var op = await ClientAsync(Roles.Operator);
        var before = (await fixture.Sandbox.ListBackupsAsync()).Count;

        var response = await op.PostAsync(Path, new StringContent(json, System.Text.Encoding.UTF8, "application/json")).DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![field].ShouldNotBeNull();
        (await fixture.Sandbox.ListBackupsAsync()).Count.ShouldBe(before);
    }

    [Fact]
    public async Task Post_Viewer_Forbidden()
    {
        using var viewer = await ClientAsync(Roles.Viewer);

        var response = await viewer.PostAsJsonAsync(Path, new { name = "by-viewer" }).DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await fixture.Sandbox.GetBackupAsync("by-viewer")).ShouldBeNull();
    }

    private async Task<HttpClient> ClientAsync(string role)
    {
        var user = $"{role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}";
        await fixture.App.CreateUserAsync(user, role, AppFactory.AdminPassword);
        var client = fixture.App.CreateClient();
        return client.WithBearer(await client.GetSessionTokenAsync(user, AppFactory.AdminPassword));
    }
}
