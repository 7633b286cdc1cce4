using System.Net;
using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Identity;

public sealed class LockoutTests
{
    private const string Password = "Lockout-Passw0rd-9";

    [Fact]
    public async Task SignIn_RepeatedFailures_LocksAccountUntilTimePasses()
    {
        using var app = new AppFactory();
        await app.CreateUserAsync("alice", Roles.Operator, Password);
        var client = app.CreateBrowserClient();

        for (var i = 0; i < 5; i++)
        {
            var failed = await client.SignInAsync("alice", "wrong-password-" + i);
            failed.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await failed.Content.ReadAsStringAsync()).ShouldContain("incorrect");
        }

        var locked = await client.SignInAsync("alice", Password);
        locked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await locked.Content.ReadAsStringAsync()).ShouldContain("locked");

        app.Time.Advance(TimeSpan.FromMinutes(16));
        (await client.SignInAsync("alice", Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task SignIn_Failures_AreAuditedWithoutThePassword()
    {
        using var app = new AppFactory();
        await app.CreateBrowserClient().SignInAsync("nobody", "Typed-Secret-Canary-1");
        await app.CreateBrowserClient().SignInAsync("admin", "Typed-Secret-Canary-2");

        var entries = (await app.Service<AuditService>().ListAsync(new AuditQuery(Action: AuditActions.SignIn), new PageRequest(), CancellationToken.None)).Items;

        entries.Count(e => e.Outcome == AuditOutcome.Failed).ShouldBe(2);
        entries.ShouldContain(e => e.Actor == "nobody" && e.Error == "Unknown user.");
        entries.ShouldContain(e => e.Actor == "admin" && e.Error == "Wrong password.");
        string.Join(' ', entries.Select(e => e.Parameters + e.Error)).ShouldNotContain("Canary");
    }

    [Fact]
    public async Task SignIn_LockedAccount_AdminUnlocks()
    {
        using var app = new AppFactory();
        await app.CreateUserAsync("bob", Roles.Viewer, Password);
        var accounts = app.Service<AccountService>();
        for (var i = 0; i < 5; i++)
        {
            await accounts.SignInAsync("bob", "nope", AuditSource.API, CancellationToken.None);
        }
        (await accounts.SignInAsync("bob", Password, AuditSource.API, CancellationToken.None)).Succeeded.ShouldBeFalse();

        await app.Service<UserService>().UpdateAsync(Actor.System, "bob", new UserChanges(Unlock: true), CancellationToken.None);

        (await accounts.SignInAsync("bob", Password, AuditSource.API, CancellationToken.None)).Succeeded.ShouldBeTrue();
    }
}
