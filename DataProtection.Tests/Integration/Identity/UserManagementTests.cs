using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Identity;

public sealed class UserManagementTests
{
    private const string Password = "Users-Passw0rd-123";

    [Fact]
    public async Task ChangeRole_EndsTheUsersOpenSession()
    {
        using var app = new AppFactory();
        await app.CreateUserAsync("dave", Roles.Admin, Password);
        var dave = await app.SignedInClientAsync("dave", Password);
        (await dave.GetAsync("/settings/users")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.Service<UserService>().UpdateAsync(Actor.System, "dave", new UserChanges(Role: Roles.Viewer), CancellationToken.None);

        var response = await dave.GetAsync("/settings/users");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/login");
    }

    [Fact]
    public async Task CreateUser_WeakPassword_Returns400NamingPassword()
    {
        using var app = new AppFactory();
        var admin = app.CreateBrowserClient();
        admin.WithBearer(await admin.GetSessionTokenAsync("admin", AppFactory.AdminPassword));

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "erin", role = "Viewer", password = "short" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("password", out _).ShouldBeTrue();
        (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray().ShouldNotContain(u => u.GetProperty("userName").GetString() == "erin");
    }

    [Fact]
    public async Task CreateUser_Duplicate_Returns409()
    {
        using var app = new AppFactory();
        var admin = app.CreateBrowserClient();
        admin.WithBearer(await admin.GetSessionTokenAsync("admin", AppFactory.AdminPassword));

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "ADMIN", role = "Viewer", password = Password });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task DemoteLastAdmin_IsRefused()
    {
        using var app = new AppFactory();

        var error = await Should.ThrowAsync<ValidationException>(() =>
            app.Service<UserService>().UpdateAsync(Actor.System, "admin", new UserChanges(Role: Roles.Viewer), CancellationToken.None));

        error.Field.ShouldBe("role");
    }

    [Fact]
    public async Task CoreService_OperatorCreatingUser_IsDeniedAndAudited()
    {
        using var app = new AppFactory();
        var operatorActor = new Actor("olivia", Roles.Operator, AuditSource.UI);

        await Should.ThrowAsync<ForbiddenException>(() =>
            app.Service<UserService>().CreateAsync(operatorActor, "frank", Roles.Admin, Password, CancellationToken.None));

        var denied = (await app.Service<AuditService>().ListAsync(new AuditQuery(Actor: "olivia"), new PageRequest(), CancellationToken.None)).Items;
        denied.ShouldHaveSingleItem().Outcome.ShouldBe(AuditOutcome.Denied);
    }

    [Fact]
    public async Task ChangeOwnPassword_WrongCurrent_NamesCurrentPassword()
    {
        using var app = new AppFactory();
        var admin = app.CreateBrowserClient();
        admin.WithBearer(await admin.GetSessionTokenAsync("admin", AppFactory.AdminPassword));

        var wrong = await admin.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = "not-it", newPassword = "Brand-New-Passw0rd" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("currentPassword");

        var ok = await admin.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = AppFactory.AdminPassword, newPassword = "Brand-New-Passw0rd" });
        ok.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.CreateBrowserClient().SignInAsync("admin", "Brand-New-Passw0rd")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
