using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Identity;

public sealed class TokenTests
{
    [Fact]
    public async Task SessionToken_Issued_WorksUntilItExpires()
    {
        using var app = new AppFactory();
        var client = app.CreateBrowserClient();
        client.WithBearer(await client.GetSessionTokenAsync("admin", AppFactory.AdminPassword));

        (await client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("role").GetString().ShouldBe("Admin");

        app.Time.Advance(TimeSpan.FromMinutes(61));
        (await client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AuthToken_WrongPassword_Returns401Problem()
    {
        using var app = new AppFactory();

        var response = await app.CreateBrowserClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = "wrong-one" });

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("incorrect");
    }

    [Fact]
    public async Task AuthToken_MalformedJson_Returns400ProblemSayingSo()
    {
        using var app = new AppFactory();

        var response = await app.CreateBrowserClient().PostAsync("/api/v1/auth/token",
            new StringContent("{\"userName\": \"admin\",", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("not valid JSON");
    }

    [Fact]
    public async Task PersonalToken_CreatedUsedRevoked_StopsWorking()
    {
        using var app = new AppFactory();
        var session = app.CreateBrowserClient();
        session.WithBearer(await session.GetSessionTokenAsync("admin", AppFactory.AdminPassword));

        var created = await session.PostAsJsonAsync("/api/v1/tokens", new { name = "ci", expiresInDays = 7 });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("info").GetProperty("id").GetInt32();

        var script = app.CreateBrowserClient().WithBearer(token);
        (await script.GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await session.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await script.GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PersonalToken_PastExpiry_IsRefused()
    {
        using var app = new AppFactory();
        var session = app.CreateBrowserClient();
        session.WithBearer(await session.GetSessionTokenAsync("admin", AppFactory.AdminPassword));
        var body = await (await session.PostAsJsonAsync("/api/v1/tokens", new { name = "short", expiresInDays = 1 })).Content.ReadFromJsonAsync<JsonElement>();
        var script = app.CreateBrowserClient().WithBearer(body.GetProperty("token").GetString()!);

        app.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        (await script.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PersonalToken_BadExpiry_Returns400NamingTheField()
    {
        using var app = new AppFactory();
        var session = app.CreateBrowserClient();
        session.WithBearer(await session.GetSessionTokenAsync("admin", AppFactory.AdminPassword));

        var response = await session.PostAsJsonAsync("/api/v1/tokens", new { name = "x", expiresInDays = 0 });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty("expiresInDays", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task PersonalToken_OfDisabledUser_IsRefused()
    {
        using var app = new AppFactory();
        await app.CreateUserAsync("carol", Roles.Operator, "Kestrel-Passw0rd-77");
        var carol = app.CreateBrowserClient();
        carol.WithBearer(await carol.GetSessionTokenAsync("carol", "Kestrel-Passw0rd-77"));
        (await carol.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.Service<UserService>().UpdateAsync(DataProtection.Core.Common.Actor.System, "carol", new UserChanges(Disabled: true), CancellationToken.None);

        (await carol.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
