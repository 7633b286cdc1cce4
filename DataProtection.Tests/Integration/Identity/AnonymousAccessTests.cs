using System.Net;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Identity;

public sealed class AnonymousAccessTests(SharedApp shared) : IClassFixture<SharedApp>
{
    public static TheoryData<string> Pages =>
        ["/", "/audit", "/clusters", "/inventory", "/backups", "/schedules", "/restores", "/storage", "/settings", "/settings/users", "/account/tokens", "/jobs", "/api/reference"];

    public static TheoryData<string> ApiPaths =>
        ["/api/v1/audit", "/api/v1/audit/verify", "/api/v1/audit/export.csv", "/api/v1/users", "/api/v1/me", "/api/v1/tokens", "/openapi/v1.json"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_Anonymous_RedirectsToSignIn(string path)
    {
        var response = await shared.App.CreateBrowserClient().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/login");
    }

    [Theory]
    [MemberData(nameof(ApiPaths))]
    public async Task Api_Anonymous_Returns401(string path)
    {
        var response = await shared.App.CreateBrowserClient().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task BlazorHub_Anonymous_IsRefused()
    {
        var response = await shared.App.CreateBrowserClient().PostAsync("/_blazor/negotiate?negotiateVersion=1", null);

        response.IsSuccessStatusCode.ShouldBeFalse();
    }

    [Fact]
    public async Task Api_UnknownBearerToken_Returns401Problem()
    {
        var client = shared.App.CreateBrowserClient().WithBearer("dpt_not-a-real-token");

        var response = await client.GetAsync("/api/v1/me");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldContain("unknown, expired or revoked");
    }

    [Fact]
    public async Task Healthz_Anonymous_ReportsDatabaseAndHangfire()
    {
        var response = await shared.App.CreateBrowserClient().GetAsync("/healthz");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("\"database\":{\"status\":\"Healthy\"");
        body.ShouldContain("\"hangfire\":");
    }
}

/// <summary>One app shared by a test class whose tests do not change its state in ways others would notice.</summary>
public sealed class SharedApp : IDisposable
{
    public AppFactory App { get; } = new();

    public void Dispose() => App.Dispose();
}
