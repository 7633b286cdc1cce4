using System.Text;
using DataProtection.Tests.Infrastructure;
using k8s;

namespace DataProtection.Tests.Sandbox;

[Collection(SandboxCollection.Name)]
public sealed class KubeconfigTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task ClusterKubeconfigYaml_PastedAsText_ConnectsOverVerifiedTls()
    {
        var dr = sandbox.Server["sandbox-dr"];
        using var yaml = new MemoryStream(Encoding.UTF8.GetBytes(dr.KubeconfigYaml));

        var config = await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(yaml);
        using var client = new Kubernetes(config);

        config.SkipTlsVerify.ShouldBeFalse();
        config.CurrentContext.ShouldBe("sandbox-dr");
        config.Host.ShouldBe(dr.Server);
        (await client.CoreV1.ReadNamespaceAsync("shop").DefaultTimeout()).Metadata.Name.ShouldBe("shop");
        File.ReadAllText(dr.KubeconfigPath).ShouldBe(dr.KubeconfigYaml);
    }

    [Fact]
    public void ServerKubeconfig_HasAContextPerCluster_FirstIsCurrent()
    {
        var text = File.ReadAllText(sandbox.Server.KubeconfigPath);

        text.ShouldContain("current-context: sandbox\n");
        foreach (var cluster in sandbox.Server.Clusters)
        {
            cluster.Server.ShouldBe($"https://127.0.0.1:{new Uri(cluster.Server).Port}/clusters/{cluster.Name}");
            text.ShouldContain($"token: {cluster.Token}");
        }
    }

    [Fact]
    public async Task ServerKubeconfig_OtherContext_ReachesThatCluster()
    {
        var result = await sandbox.Kubectl.RunAsync("--context sandbox-dr get ns shop -o name");

        result.ShouldSucceed().Output.Trim().ShouldBe("namespace/shop");
        sandbox.Server["sandbox-dr"].Requests.Count(r => r.Path == "/api/v1/namespaces/shop").ShouldBeGreaterThan(0);
    }
}
