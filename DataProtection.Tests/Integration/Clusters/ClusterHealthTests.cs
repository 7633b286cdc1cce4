using System.Net;
using System.Net.Sockets;
using DataProtection.Core.Clusters;
using DataProtection.Core.Data;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Secrets;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Tests.Integration.Clusters;

/// <summary>Velero detection and the recurring health job, against the sandbox.</summary>
public sealed class ClusterHealthTests(SandboxClusterFixture sandbox) : IClassFixture<SandboxClusterFixture>
{
    [Fact]
    public async Task TestConnectionAsync_VeleroCrdAndDeployment_AreReportedWithImageTag()
    {
        var dr = sandbox.Server["sandbox-dr"];
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.Server.KubeconfigPath, currentContext: "sandbox-dr"));
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "backups.velero.io" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "velero.io",
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Kind = "Backup", Plural = "backups", Singular = "backup", ListKind = "BackupList" },
                Versions = [new V1CustomResourceDefinitionVersion { Name = "v1", Served = true, Storage = true,
                    Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } } }],
            },
        });
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "velero" } });
        var labels = new Dictionary<string, string> { ["component"] = "velero" };
        await client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "velero", Labels = labels },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "velero", Image = "velero/velero:v1.15.2" }] },
                },
            },
        }, "velero");

        var result = await sandbox.App.Service<ClusterService>().TestConnectionAsync(SandboxClusterFixture.Admin,
            new ClusterCredentials(Server: dr.Server, Token: dr.Token, CertificateAuthority: dr.CertificateAuthorityPem), CancellationToken.None).DefaultTimeout();

        result.Succeeded.ShouldBeTrue(result.Error);
        result.Health.VeleroCrdsPresent.ShouldBeTrue();
        result.Health.VeleroDeploymentPresent.ShouldBeTrue();
        result.Health.VeleroVersion.ShouldBe("v1.15.2");
        sandbox.Registered.Health!.VeleroDeploymentPresent.ShouldBeFalse();
    }

    [Fact]
    public async Task RefreshClusterHealthJob_SilentClusterTimesOutWithoutDelayingTheOthers()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var silentServer = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        // Saved directly: registration would refuse a server that does not answer. Two of them: checked one after the
        // other they would take twice the timeout.
        var kubeconfig = KubeconfigDocument.FromToken(silentServer, "t", null);
        await using (var db = await sandbox.App.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            foreach (var name in new[] { "silent", "silent-too" })
            {
                db.Clusters.Add(new Cluster
                {
                    Name = name, Server = silentServer, CreatedUtc = DateTime.UtcNow, UpdatedUtc = DateTime.UtcNow,
                    ProtectedKubeconfig = sandbox.App.Service<ISecretProtector>().Protect("cluster-credentials", kubeconfig.Yaml),
                });
            }
            await db.SaveChangesAsync();
        }
        sandbox.App.Time.Advance(TimeSpan.FromMinutes(5));
        var started = TimeProvider.System.GetTimestamp();

        await sandbox.App.Service<RefreshClusterHealthJob>().RunAsync(CancellationToken.None).DefaultTimeout();

        TimeProvider.System.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromSeconds(9));
        var clusters = await sandbox.App.Service<ClusterService>().ListClustersAsync(SandboxClusterFixture.Admin, CancellationToken.None);
        var healthy = clusters.Single(c => c.Name == "sandbox").Health!;
        healthy.Healthy.ShouldBeTrue(healthy.Error);
        healthy.CheckedUtc.ShouldBe(sandbox.App.Time.GetUtcNow().UtcDateTime);
        foreach (var timedOut in clusters.Where(c => c.Name.StartsWith("silent")).Select(c => c.Health!))
        {
            timedOut.Reachable.ShouldBeFalse();
            timedOut.Error.ShouldBe($"{silentServer} did not answer within 5 s (timeout).");
        }
    }
}
