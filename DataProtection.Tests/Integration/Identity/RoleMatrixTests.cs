using System.Net;
using System.Net.Http.Json;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Identity;

/// <summary>Every page and endpoint so far, for every role, checked on the server (cookie and bearer).</summary>
public sealed class RoleMatrixTests(RoleMatrixTests.Users users) : IClassFixture<RoleMatrixTests.Users>
{
    private const string Password = "Matrix-Passw0rd-42";

    public sealed class Users : IAsyncLifetime
    {
        public AppFactory App { get; } = new();

        public async Task InitializeAsync()
        {
            await App.CreateUserAsync("viewer1", Roles.Viewer, Password);
            await App.CreateUserAsync("operator1", Roles.Operator, Password);
            await App.CreateUserAsync("admin2", Roles.Admin, Password);
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    public static TheoryData<string, string, bool> PageMatrix()
    {
        var data = new TheoryData<string, string, bool>();
        string[] viewerPages = ["/", "/audit", "/clusters", "/inventory", "/clusters/nope/inventory", "/backups", "/schedules", "/restores", "/storage", "/account/tokens"];
        string[] adminPages = ["/settings", "/settings/users", "/jobs"];
        foreach (var user in new[] { "viewer1", "operator1", "admin2" })
        {
            foreach (var page in viewerPages)
            {
                data.Add(user, page, true);
            }
            foreach (var page in adminPages)
            {
                data.Add(user, page, user == "admin2");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PageMatrix))]
    public async Task Page_ByRole_AllowedOrSentToAccessDenied(string user, string path, bool allowed)
    {
        var client = await users.App.SignedInClientAsync(user, Password);

        var response = await client.GetAsync(path);

        if (allowed)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, users.App.Logs.Errors);
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            response.Headers.Location!.ToString().ShouldContain("/access-denied");
        }
    }

    public static TheoryData<string, string, string, bool> ApiMatrix()
    {
        var data = new TheoryData<string, string, string, bool>();
        (string Method, string Path, string Role)[] endpoints =
        [
            ("GET", "/api/v1/me", Roles.Viewer),
            ("GET", "/api/v1/audit", Roles.Viewer),
            ("GET", "/api/v1/audit/verify", Roles.Viewer),
            ("GET", "/api/v1/audit/export.csv", Roles.Viewer),
            ("GET", "/api/v1/tokens", Roles.Viewer),
            ("GET", "/openapi/v1.json", Roles.Viewer),
            ("GET", "/api/v1/users", Roles.Admin),
            ("POST", "/api/v1/users", Roles.Admin),
            ("PATCH", "/api/v1/users/nobody", Roles.Admin),
            ("POST", "/api/v1/users/nobody/password", Roles.Admin),
            ("GET", "/api/v1/clusters", Roles.Viewer),
            ("GET", "/api/v1/clusters/nope", Roles.Viewer),
            ("POST", "/api/v1/clusters/nope/refresh", Roles.Viewer),
            ("GET", "/api/v1/clusters/nope/namespaces", Roles.Viewer),
            ("GET", "/api/v1/clusters/nope/kinds", Roles.Viewer),
            ("GET", "/api/v1/clusters/nope/inventory", Roles.Viewer),
            ("GET", "/api/v1/clusters/nope/inventory/labels", Roles.Viewer),
            ("GET", "/api/v1/clusters/nope/inventory/object?kind=pods&namespace=x&name=y", Roles.Viewer),
            ("POST", "/api/v1/clusters", Roles.Admin),
            ("POST", "/api/v1/clusters/test-connection", Roles.Admin),
            ("POST", "/api/v1/clusters/contexts", Roles.Admin),
            ("PATCH", "/api/v1/clusters/nope", Roles.Admin),
            ("DELETE", "/api/v1/clusters/nope", Roles.Admin),
        ];
        foreach (var (user, role) in new[] { ("viewer1", Roles.Viewer), ("operator1", Roles.Operator), ("admin2", Roles.Admin) })
        {
            foreach (var (method, path, required) in endpoints)
            {
                data.Add(user, method, path, Roles.Satisfies(role, required));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ApiMatrix))]
    public async Task Api_ByRoleWithBearerToken_AllowedOr403(string user, string method, string path, bool allowed)
    {
        var client = users.App.CreateBrowserClient();
        client.WithBearer(await client.GetSessionTokenAsync(user, Password));

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : JsonContent.Create(new { }) });

        if (allowed)
        {
            response.StatusCode.ShouldNotBe(HttpStatusCode.Forbidden);
            response.StatusCode.ShouldNotBe(HttpStatusCode.Unauthorized);
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Api_ViewerWithCookie_CannotListUsers()
    {
        var client = await users.App.SignedInClientAsync("viewer1", Password);

        var response = await client.GetAsync("/api/v1/users");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
