using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Volumes;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Clusters;
using k8s;

namespace DataProtection.Tests.Integration.Volumes;

/// <summary>Listing pods and volumes: annotation parsing, paging, how the cluster is asked, and the REST API.</summary>
public sealed class VolumeListTests(SandboxClusterFixture sandbox) : IClassFixture<SandboxClusterFixture>
{
    private static readonly Actor Viewer = new("vic", Roles.Viewer, AuditSource.UI);

    private VolumeService Volumes => sandbox.App.Service<VolumeService>();

    private async Task<VolumeWorkloads> NamespaceAsync()
    {
        var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.Server.KubeconfigPath, currentContext: "sandbox"));
        var workloads = new VolumeWorkloads(client, "list-" + Guid.NewGuid().ToString("N")[..8]);
        await workloads.CreateNamespaceAsync();
        return workloads;
    }

    [Fact]
    public async Task ListPodVolumesAsync_TemplateAnnotationsWithSpaces_AreTrimmedAndExcludesShown()
    {
        var k = await NamespaceAsync();
        var annotations = new JsonObject { [BackupAnnotations.BackupVolumes] = " data , cache", [BackupAnnotations.BackupVolumesExcludes] = "cache" };
        await k.WorkloadAsync("StatefulSet", "db", VolumeWorkloads.StandardVolumes("data-db-0"), annotations);
        await k.PodAsync("db-0", VolumeWorkloads.StandardVolumes("data-db-0"), ("StatefulSet", "db"), new JsonObject { [BackupAnnotations.BackupVolumes] = "data" });

        var pod = (await Volumes.ListPodVolumesAsync(Viewer, "sandbox", k.Namespace, 10, null, CancellationToken.None).DefaultTimeout()).Items.ShouldHaveSingleItem();

        var (data, cache) = (pod.Volumes.Single(v => v.Name == "data"), pod.Volumes.Single(v => v.Name == "cache"));
        (data.OptedIn, data.Excluded, data.PendingRollout).ShouldBe((true, false, false));
        (cache.OptedIn, cache.Excluded, cache.PendingRollout).ShouldBe((true, true, true));
        pod.Volumes.Single(v => v.Name == "config").ShouldSatisfyAllConditions(v => v.Kind.ShouldBe("configMap"), v => v.Supported.ShouldBeFalse());
    }

    [Fact]
    public async Task ListPodVolumesAsync_PagesOfTwo_FollowContinueWithOneClaimListAndNoGetPerPod()
    {
        var k = await NamespaceAsync();
        await k.ClaimAsync("shared", "3Gi");
        await k.WorkloadAsync("DaemonSet", "agent", VolumeWorkloads.StandardVolumes("shared"));
        for (var i = 0; i < 5; i++)
        {
            await k.PodAsync($"agent-{i}", VolumeWorkloads.StandardVolumes("shared"), ("DaemonSet", "agent"));
        }
        sandbox.Cluster.Requests.Reset();

        var pods = new List<PodVolumes>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Volumes.ListPodVolumesAsync(Viewer, "sandbox", k.Namespace, 2, token, CancellationToken.None).DefaultTimeout();
            page.Items.Count.ShouldBeLessThanOrEqualTo(2);
            pods.AddRange(page.Items);
            token = page.Continue;
            (++pages).ShouldBeLessThan(10, "paging must end");
        }
        while (token is not null);

        pods.Select(p => p.Pod).ShouldBe(Enumerable.Range(0, 5).Select(i => $"agent-{i}"), ignoreOrder: true);
        pods.ShouldAllBe(p => p.Volumes.Single(v => v.Name == "data").RequestedSize == "3Gi");
        var requests = sandbox.Cluster.Requests.Snapshot();
        requests.Where(r => r.Verb == "list").ShouldAllBe(r => r.Paginated);
        requests.Count(r => r.Verb == "list" && r.Path.EndsWith("/persistentvolumeclaims")).ShouldBe(pages, "one claim list per page");
        requests.Count(r => r.Verb == "get" && r.Path.Contains("/persistentvolumeclaims/")).ShouldBe(0);
        requests.Count(r => r.Verb == "get" && r.Path.Contains("/daemonsets/")).ShouldBe(pages, "each owner is read once per page");
    }

    [Fact]
    public async Task ListPodVolumesAsync_MissingNamespace_IsNotFound() =>
        (await Should.ThrowAsync<NotFoundException>(() => Volumes.ListPodVolumesAsync(Viewer, "sandbox", "no-such-ns", 10, null, CancellationToken.None)).DefaultTimeout())
            .Message.ShouldContain("no-such-ns");

    [Fact]
    public async Task ListPodVolumesAsync_SeededNamespace_ShowsClaimsAndBarePods()
    {
        var pods = (await Volumes.ListPodVolumesAsync(Viewer, "sandbox", "shop", 100, null, CancellationToken.None).DefaultTimeout()).Items;

        var postgres = pods.Single(p => p.Pod == "postgres-0");
        postgres.Volumes.Single(v => v.Name == "data").ShouldSatisfyAllConditions(
            v => v.ClaimName.ShouldBe("data-postgres-0"), v => v.RequestedSize.ShouldBe("10Gi"), v => v.OptedIn.ShouldBeTrue());
    }

    [Fact]
    public async Task Api_ViewerListsButCannotToggle_OperatorToggles()
    {
        var k = await NamespaceAsync();
        await k.PodAsync("debug", VolumeWorkloads.StandardVolumes("c"));
        await sandbox.App.CreateUserAsync("vera", Roles.Viewer, AppFactory.AdminPassword);
        var viewer = sandbox.App.CreateBrowserClient();
        viewer.WithBearer(await viewer.GetSessionTokenAsync("vera", AppFactory.AdminPassword));
        var admin = sandbox.App.CreateBrowserClient();
        admin.WithBearer(await admin.GetSessionTokenAsync("admin", AppFactory.AdminPassword));
        var url = $"/api/v1/clusters/sandbox/namespaces/{k.Namespace}/volumes";

        var listed = await viewer.GetFromJsonAsync<JsonElement>(url).DefaultTimeout();
        var refused = await viewer.PutAsJsonAsync($"{url}/debug/data", new { optedIn = true }).DefaultTimeout();
        var missingBody = await admin.PutAsJsonAsync($"{url}/debug/data", new { }).DefaultTimeout();
        var accepted = await admin.PutAsJsonAsync($"{url}/debug/data", new { optedIn = true }).DefaultTimeout();

        listed.GetProperty("items")[0].GetProperty("pod").GetString().ShouldBe("debug");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        missingBody.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missingBody.Content.ReadAsStringAsync()).ShouldContain("optedIn");
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        VolumeWorkloads.TemplateAnnotation(await k.GetAsync("Pod", "debug"), BackupAnnotations.BackupVolumes).ShouldBe("data");
        (await admin.PutAsJsonAsync($"{url}/debug/config", new { optedIn = true }).DefaultTimeout()).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PatchAsync_StaleResourceVersion_IsRefusedWithConflict()
    {
        var k = await NamespaceAsync();
        await k.PodAsync("debug", VolumeWorkloads.StandardVolumes("c"));
        var stale = await k.GetAsync("Pod", "debug");
        var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.Server.KubeconfigPath, currentContext: "sandbox"));
        var path = $"/api/v1/namespaces/{k.Namespace}/pods/debug";
        await client.PatchAsync(path, VolumeService.AnnotationPatch(stale, [], "data"), CancellationToken.None).DefaultTimeout();

        var ex = await Should.ThrowAsync<DataProtection.Core.Kubernetes.KubernetesApiException>(
            () => client.PatchAsync(path, VolumeService.AnnotationPatch(stale, [], "cache"), CancellationToken.None)).DefaultTimeout();

        ex.StatusCode.ShouldBe(HttpStatusCode.Conflict, "a patch based on an old read must not overwrite a newer list");
        VolumeWorkloads.TemplateAnnotation(await k.GetAsync("Pod", "debug"), BackupAnnotations.BackupVolumes).ShouldBe("data");
    }
}
