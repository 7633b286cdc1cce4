using System.Diagnostics;
using DataProtection.Sandbox;
using DataProtection.Tests.Infrastructure;
using k8s;

namespace DataProtection.Tests.Sandbox;

public sealed class BulkTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-sandbox-" + Guid.NewGuid().ToString("N"));
    private SandboxServer _server = null!;

    [Fact]
    public async Task SeedBulk_TwentyThousandObjects_ListsInPagesQuickly()
    {
        var cluster = _server["sandbox"];
        var clock = Stopwatch.StartNew();
        cluster.SeedBulk(namespaces: 20, objectsPerNamespace: 1000, seed: 1);
        var seeded = clock.Elapsed;
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath));

        var total = 0;
        string? token = null;
        do
        {
            var page = await client.CoreV1.ListConfigMapForAllNamespacesAsync(limit: 500, continueParameter: token, labelSelector: "env in (prod,dev)").DefaultTimeout();
            total += page.Items.Count;
            token = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(token));

        total.ShouldBe(10_000);
        seeded.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        cluster.Requests.Count(r => r is { Verb: "list", Paginated: true }).ShouldBe(20);
    }

    public async Task InitializeAsync() =>
        _server = await SandboxServer.StartAsync(new SandboxServerOptions(_directory, ClusterNames: ["sandbox"], Seed: false));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
