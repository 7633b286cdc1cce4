using System.Net;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Identity;

public sealed class BootstrapTests
{
    [Fact]
    public async Task FirstStart_ConfiguredPassword_AdminSignsInWithIt()
    {
        using var app = new AppFactory();

        var response = await app.CreateBrowserClient().SignInAsync("admin", AppFactory.AdminPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        app.Announcer.Announced.ShouldBeEmpty();
    }

    [Fact]
    public async Task FirstStart_NoPassword_GeneratesOneAnnouncedOnceAndNeverLogged()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "dp-tests", Guid.NewGuid().ToString("N"));
        string password;
        using (var app = new AppFactory(bootstrapPassword: false, dataDirectory: dataDirectory))
        {
            app.CreateBrowserClient();
            var (userName, generated) = app.Announcer.Announced.ShouldHaveSingleItem();
            userName.ShouldBe("admin");
            generated.Length.ShouldBeGreaterThanOrEqualTo(16);
            password = generated;

            (await app.CreateBrowserClient().SignInAsync("admin", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            app.Logs.All.ShouldNotContain(password);
        }

        // A restart on the same data finds the account and announces nothing.
        using var restarted = new AppFactory(bootstrapPassword: false, dataDirectory: dataDirectory);
        (await restarted.CreateBrowserClient().SignInAsync("admin", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        restarted.Announcer.Announced.ShouldBeEmpty();
    }

    [Fact]
    public void FirstStart_WeakConfiguredPassword_FailsNamingTheKey()
    {
        using var app = new AppFactory(new Dictionary<string, string?> { ["Bootstrap:AdminPassword"] = "short" });

        var error = Should.Throw<Exception>(() => app.CreateBrowserClient());

        error.ToString().ShouldContain("Bootstrap:AdminPassword");
    }
}
