using DataProtection.Core.Common;
using DataProtection.Core.StorageLocations;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.StorageLocations;

public sealed class SandboxManagedDefaultsTests
{
    [Fact]
    public async Task EnsureManagedLocationAsync_SandboxHostedAndNoSettings_UsesTheSandboxS3Endpoint()
    {
        using var app = new AppFactory(new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });
        app.CreateBrowserClient();

        var locations = app.Service<StorageLocationService>();
        var account = await app.Service<ManagedStorageService>().GetAccountAsync(Actor.System, CancellationToken.None);
        (await locations.GetManagedLocationAsync(Actor.System, "sandbox", CancellationToken.None)).ShouldBeNull();
        var location = await locations.EnsureManagedLocationAsync(Actor.System, "sandbox", CancellationToken.None).DefaultTimeout();

        account.ShouldNotBeNull().FromDefaults.ShouldBeTrue();
        account.Endpoint.ShouldStartWith("http://127.0.0.1:");
        (location.Endpoint, location.Bucket, location.Prefix).ShouldBe((account.Endpoint, "dataprotection", "clusters/sandbox"));
        (await locations.GetManagedLocationAsync(Actor.System, "sandbox", CancellationToken.None)).ShouldNotBeNull().Name.ShouldBe(location.Name);
    }

    [Fact]
    public async Task EnsureManagedLocationAsync_NoSandboxNoSettings_ManagedStorageField()
    {
        using var app = new AppFactory();
        app.CreateBrowserClient();

        var ex = await Should.ThrowAsync<ValidationException>(() => app.Service<StorageLocationService>().EnsureManagedLocationAsync(Actor.System, "any", CancellationToken.None));

        ex.Field.ShouldBe("managedStorage");
    }
}
