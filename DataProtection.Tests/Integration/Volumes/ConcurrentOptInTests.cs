using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Volumes;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Clusters;
using k8s;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataProtection.Tests.Integration.Volumes;

/// <summary>
/// Someone else (kubectl, another dashboard) edits the Deployment between our read and our patch. The merge patch carries
/// the resourceVersion we read, so the server refuses it; we must read again and keep their change.
/// </summary>
public sealed class ConcurrentOptInTests(SandboxClusterFixture sandbox) : IClassFixture<SandboxClusterFixture>
{
    private static readonly Actor Operator = new("olga", Roles.Operator, AuditSource.UI);

    private Kubernetes Direct() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.Server.KubeconfigPath, currentContext: "sandbox"));

    /// <summary>The service wired as in the app, except that its client runs <paramref name="interferer"/> before forwarding each PATCH.</summary>
    private (VolumeService Service, InterferingHandler Handler) Service(Func<Task> interferer)
    {
        var handler = new InterferingHandler(interferer);
        var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.Server.KubeconfigPath, currentContext: "sandbox"), handler);
        var calls = new ClusterCalls(sandbox.App.Service<IDbContextFactory<AppDbContext>>(), new FixedClientFactory(client),
            sandbox.App.Service<IOptions<ClustersOptions>>(), NullLogger<ClusterCalls>.Instance);
        return (new VolumeService(calls, sandbox.App.Service<IAuditLog>(), NullLogger<VolumeService>.Instance), handler);
    }

    private static async Task<VolumeWorkloads> NamespaceAsync(Kubernetes client)
    {
        var k = new VolumeWorkloads(client, "race-" + Guid.NewGuid().ToString("N")[..8]);
        await k.CreateNamespaceAsync();
        await k.DeploymentAsync();
        return k;
    }

    private static Func<Task> AddLogsAnnotation(Kubernetes client, VolumeWorkloads k, string value) => () => client.PatchAsync(
        $"/apis/apps/v1/namespaces/{k.Namespace}/deployments/web",
        new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject
        {
            ["annotations"] = new JsonObject { [BackupAnnotations.BackupVolumes] = value },
        } } } },
        CancellationToken.None);

    [Fact]
    public async Task SetOptInAsync_OwnerChangedBetweenReadAndPatch_RereadsAndKeepsTheOtherChange()
    {
        var direct = Direct();
        var k = await NamespaceAsync(direct);
        var once = 0;
        var (service, handler) = Service(() => Interlocked.Increment(ref once) == 1 ? AddLogsAnnotation(direct, k, "logs")() : Task.CompletedTask);

        var result = await service.SetOptInAsync(Operator, "sandbox", k.Namespace, "web-5d4f-abcde", "data", true, CancellationToken.None).DefaultTimeout();

        handler.Patches.ShouldBe(2, "the first patch is refused with 409, the second is based on a fresh read");
        result.BackupVolumes.ShouldBe(["logs", "data"]);
        VolumeWorkloads.TemplateAnnotation(await k.GetAsync("Deployment", "web"), BackupAnnotations.BackupVolumes).ShouldBe("logs,data");
    }

    [Fact]
    public async Task SetOptInAsync_OwnerKeepsChanging_GivesUpWithConflictAfterThreeAttempts()
    {
        var direct = Direct();
        var k = await NamespaceAsync(direct);
        var writes = 0;
        var (service, handler) = Service(() => AddLogsAnnotation(direct, k, $"logs{Interlocked.Increment(ref writes)}")());

        var ex = await Should.ThrowAsync<ConflictException>(() =>
            service.SetOptInAsync(Operator, "sandbox", k.Namespace, "web-5d4f-abcde", "data", true, CancellationToken.None)).DefaultTimeout();

        ex.Message.ShouldContain("kept changing");
        handler.Patches.ShouldBe(3);
        VolumeWorkloads.TemplateAnnotation(await k.GetAsync("Deployment", "web"), BackupAnnotations.BackupVolumes).ShouldBe("logs3");
        var row = (await sandbox.App.Service<AuditService>().ListAsync(new AuditQuery(Action: AuditActions.VolumeOptIn), new PageRequest(), CancellationToken.None)
            .DefaultTimeout()).Items.Single(r => r.TargetNamespace == k.Namespace);
        row.Outcome.ShouldBe(AuditOutcome.Failed);
    }

    public sealed class InterferingHandler(Func<Task> interferer) : DelegatingHandler
    {
        private int _patches;

        public int Patches => _patches;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Patch)
            {
                Interlocked.Increment(ref _patches);
                await interferer();
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class FixedClientFactory(Kubernetes client) : IKubernetesClientFactory
    {
        public Task<Kubernetes> GetAsync(int clusterId, CancellationToken cancellationToken) => Task.FromResult(client);

        public Kubernetes Create(NormalisedKubeconfig kubeconfig) => throw new NotSupportedException("Only the registered cluster is used here.");

        public void Invalidate(int clusterId)
        {
        }
    }
}
