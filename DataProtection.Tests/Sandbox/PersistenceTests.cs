using DataProtection.Sandbox;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox;

public sealed class PersistenceTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-sandbox-" + Guid.NewGuid().ToString("N"));

    private static IKubernetes Client(SandboxServer server) =>
        new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath));

    [Fact]
    public async Task Restart_SameDirectory_KeepsObjectsVersionsTokenAndCertificate()
    {
        string token, ca, version;
        int namespaces;
        await using (var first = await SandboxServer.StartAsync(new SandboxServerOptions(_directory, ClusterNames: ["one"])).DefaultTimeout())
        {
            var client = Client(first);
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "kept" } });
            version = (await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, "kept")).Metadata.ResourceVersion;
            namespaces = (await client.CoreV1.ListNamespaceAsync()).Items.Count;
            (token, ca) = (first["one"].Token, first["one"].CertificateAuthorityPem);
        }

        await using var second = await SandboxServer.StartAsync(new SandboxServerOptions(_directory, ClusterNames: ["one"])).DefaultTimeout();
        var again = Client(second);
        var cm = await again.CoreV1.ReadNamespacedConfigMapAsync("cm", "kept");
        var next = await again.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm2" } }, "kept");

        cm.Metadata.ResourceVersion.ShouldBe(version);
        long.Parse(next.Metadata.ResourceVersion).ShouldBeGreaterThan(long.Parse(version));
        (await again.CoreV1.ListNamespaceAsync()).Items.Count.ShouldBe(namespaces, "a restart must not seed again");
        second["one"].Token.ShouldBe(token);
        second["one"].CertificateAuthorityPem.ShouldBe(ca);
    }

    [Fact]
    public async Task Restart_WatchFromVersionBeforeRestart_Gets410()
    {
        await using (var first = await SandboxServer.StartAsync(new SandboxServerOptions(_directory, ClusterNames: ["one"], Seed: false)).DefaultTimeout())
        {
            await Client(first).CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "a" } });
            await Client(first).CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "a2" } });
        }
        await using var second = await SandboxServer.StartAsync(new SandboxServerOptions(_directory, ClusterNames: ["one"], Seed: false)).DefaultTimeout();
        await Client(second).CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "b" } });
        var errors = new List<Exception>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await foreach (var _ in Client(second).CoreV1.WatchListNamespaceAsync(resourceVersion: "1", onError: errors.Add).WithCancellation(timeout.Token))
        {
        }

        errors.OfType<KubernetesException>().Single().Status.Code.ShouldBe(410);
    }

    [Fact]
    public async Task Start_SeedFalse_HasNoWorkloads()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxServerOptions(_directory, Seed: false)).DefaultTimeout();

        (await Client(server).CoreV1.ListPodForAllNamespacesAsync()).Items.ShouldBeEmpty();
        server.Clusters.Select(c => c.Name).ShouldBe(["sandbox", "sandbox-dr"]);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
