using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.StorageLocations;

public sealed class StoragePageTests
{
    private const string Password = "Storage-Passw0rd-7";

    [Fact]
    public async Task StoragePage_ViewerSeesListWithoutAddButton_AdminSeesAddAndManagedSettings()
    {
        using var app = new AppFactory();
        await app.CreateUserAsync("viola", Roles.Viewer, Password);
        var admin = await app.SignedInClientAsync("admin", AppFactory.AdminPassword);

        var asViewer = await (await app.SignedInClientAsync("viola", Password)).GetStringAsync("/storage");
        var asAdmin = await admin.GetStringAsync("/storage");
        var settings = await admin.GetStringAsync("/settings");

        asViewer.ShouldContain("data-testid=\"storage-empty\"");
        asViewer.ShouldNotContain("data-testid=\"storage-add\"");
        asAdmin.ShouldContain("data-testid=\"storage-add\"");
        settings.ShouldContain("data-testid=\"managed-storage\"");
        settings.ShouldContain("Not configured");
    }
}
