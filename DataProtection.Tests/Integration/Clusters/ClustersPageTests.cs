using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Clusters;

public sealed class ClustersPageTests
{
    private const string Password = "Clusters-Passw0rd-7";

    [Fact]
    public async Task ClustersPage_ViewerSeesNoRegisterButton_AdminDoes()
    {
        using var app = new AppFactory();
        await app.CreateUserAsync("viola", Roles.Viewer, Password);

        var asViewer = await (await app.SignedInClientAsync("viola", Password)).GetStringAsync("/clusters");
        var asAdmin = await (await app.SignedInClientAsync("admin", AppFactory.AdminPassword)).GetStringAsync("/clusters");

        asViewer.ShouldContain("<h1");
        asViewer.ShouldNotContain("data-testid=\"cluster-register\"");
        asAdmin.ShouldContain("data-testid=\"cluster-register\"");
    }
}
