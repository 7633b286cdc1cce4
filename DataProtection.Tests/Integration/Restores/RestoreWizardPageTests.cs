using System.Net;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Restores;

/// <summary>The restore wizard as the server serves it: Operators and Admins only, and its entry point shown only to them.</summary>
public sealed class RestoreWizardPageTests(RestoreWizardPageTests.Users users) : IClassFixture<RestoreWizardPageTests.Users>
{
    private const string Password = "Wizard-Passw0rd-42";

    public sealed class Users : IAsyncLifetime
    {
        public AppFactory App { get; } = new();

        public async Task InitializeAsync()
        {
            await App.CreateUserAsync("viewer1", Roles.Viewer, Password);
            await App.CreateUserAsync("operator1", Roles.Operator, Password);
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task WizardPage_Viewer_SentToAccessDenied()
    {
        var client = await users.App.SignedInClientAsync("viewer1", Password);

        var response = await client.GetAsync("/restores/new?cluster=nope&backup=b1&item=configmaps/shop/web-1").DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/access-denied");
    }

    [Fact]
    public async Task WizardPage_OperatorWithUnknownCluster_RendersTheStepsWithoutError()
    {
        var client = await users.App.SignedInClientAsync("operator1", Password);

        var response = await client.GetAsync("/restores/new?cluster=nope&backup=b1&item=configmaps/shop/web-1").DefaultTimeout();
        var page = await response.Content.ReadAsStringAsync().DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, users.App.Logs.Errors);
        page.ShouldContain("data-testid=\"wizard-stepper\"");
        page.ShouldContain("New restore");
    }

    [Theory]
    [InlineData("viewer1", false)]
    [InlineData("operator1", true)]
    public async Task RestoresPage_NewRestoreButton_OnlyForOperators(string user, bool shown)
    {
        var client = await users.App.SignedInClientAsync(user, Password);

        var page = await client.GetStringAsync("/restores").DefaultTimeout();

        page.Contains("data-testid=\"restores-new\"").ShouldBe(shown);
    }
}
