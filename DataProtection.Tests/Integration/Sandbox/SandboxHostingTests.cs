using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Inventory;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Sandbox;

public sealed class SandboxHostingTests
{
    [Fact]
    public async Task Start_SandboxEnabled_RegistersBothClustersReachableOverHttps()
    {
        using var app = new AppFactory(new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });
        app.CreateBrowserClient();

        var clusters = await app.Service<ClusterService>().ListClustersAsync(Actor.System, CancellationToken.None);

        clusters.Select(c => c.Name).Order().ShouldBe(["sandbox", "sandbox-dr"]);
        clusters.ShouldAllBe(c => c.Server.StartsWith("https://127.0.0.1:"));
        var namespaces = await app.Service<InventoryService>().ListNamespacesAsync(Actor.System, "sandbox", CancellationToken.None);
        namespaces.Select(n => n.Name).ShouldContain("shop");
    }

    [Fact]
    public async Task Restart_SandboxEnabled_KeepsOneRegistrationPerClusterWithTheNewAddress()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "dp-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" };
        string firstServer;
        using (var first = new AppFactory(settings, dataDirectory: dataDirectory))
        {
            first.CreateBrowserClient();
            firstServer = (await first.Service<ClusterService>().GetClusterAsync(Actor.System, "sandbox", CancellationToken.None)).Server;
        }

        using var second = new AppFactory(settings, dataDirectory: dataDirectory);
        second.CreateBrowserClient();
        var clusters = await second.Service<ClusterService>().ListClustersAsync(Actor.System, CancellationToken.None);

        clusters.Count.ShouldBe(2);
        var sandbox = clusters.Single(c => c.Name == "sandbox");
        (await second.Service<InventoryService>().ListNamespacesAsync(Actor.System, "sandbox", CancellationToken.None)).ShouldNotBeEmpty();
        firstServer.ShouldStartWith("https://127.0.0.1:");
        sandbox.Server.ShouldStartWith("https://127.0.0.1:");
    }

    [Fact]
    public async Task Start_TestingEnvironmentWithoutSetting_StartsNoSandbox()
    {
        using var app = new AppFactory();
        app.CreateBrowserClient();

        (await app.Service<ClusterService>().ListClustersAsync(Actor.System, CancellationToken.None)).ShouldBeEmpty();
    }
}
