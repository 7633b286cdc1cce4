using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Protection;

/// <summary>The REST API under /api/v1/clusters/{cluster}/protection: roles, field-named errors, enable and disable.</summary>
[Collection(ProtectionCollection.Name)]
public sealed class ProtectionApiTests(ProtectionFixture fixture)
{
    [Fact]
    public async Task ProtectionApi_Roles_ViewerReadsOperatorIsRefused()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await fixture.App.CreateUserAsync($"view-{suffix}", Roles.Viewer, AppFactory.AdminPassword);
        await fixture.App.CreateUserAsync($"op-{suffix}", Roles.Operator, AppFactory.AdminPassword);
        using var viewer = await ClientAsync($"view-{suffix}");
        using var op = await ClientAsync($"op-{suffix}");

        var status = await viewer.GetFromJsonAsync<JsonObject>("/api/v1/clusters/input/protection").DefaultTimeout();
        var enable = await op.PostAsJsonAsync("/api/v1/clusters/input/protection", new { version = "v1.18.1" }).DefaultTimeout();
        var disable = await op.DeleteAsync("/api/v1/clusters/input/protection?backups=keep").DefaultTimeout();

        ((string?)status!["status"]).ShouldBe("NotInstalled");
        enable.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        disable.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ProtectionApi_BadInput_Is400NamingTheField()
    {
        using var admin = await ClientAsync("admin");

        var version = await admin.PostAsJsonAsync("/api/v1/clusters/input/protection", new { version = "v0.1" }).DefaultTimeout();
        var backups = await admin.DeleteAsync("/api/v1/clusters/input/protection").DefaultTimeout();

        version.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await version.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["version"].ShouldNotBeNull();
        backups.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await backups.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["backups"].ShouldNotBeNull();
    }

    [Fact]
    public async Task ProtectionApi_EnableThenDisableKeep_ReportsEveryStep()
    {
        using var admin = await ClientAsync("admin");

        var enable = await admin.PostAsJsonAsync("/api/v1/clusters/api/protection", new { version = "v1.18.1" }).DefaultTimeout(60);
        var enabled = await enable.Content.ReadFromJsonAsync<JsonObject>();
        var status = await admin.GetFromJsonAsync<JsonObject>("/api/v1/clusters/api/protection").DefaultTimeout();
        var disable = await admin.DeleteAsync("/api/v1/clusters/api/protection?backups=keep").DefaultTimeout(60);

        enable.StatusCode.ShouldBe(HttpStatusCode.OK, enabled?.ToJsonString());
        enabled!["steps"]!.AsArray().Select(s => (string?)s!["state"]).ShouldAllBe(s => s == "Done");
        ((string?)status!["status"]).ShouldBe("Ready");
        ((string?)status["serverVersion"]).ShouldBe("v1.18.0");
        disable.StatusCode.ShouldBe(HttpStatusCode.OK, await disable.Content.ReadAsStringAsync());
        ((string?)(await admin.GetFromJsonAsync<JsonObject>("/api/v1/clusters/api/protection"))!["status"]).ShouldBe("NotInstalled");
    }

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = fixture.App.CreateClient();
        return client.WithBearer(await client.GetSessionTokenAsync(user, AppFactory.AdminPassword));
    }
}
