using System.Text.Json;
using DataProtection.Tests.Infrastructure;
using k8s;

namespace DataProtection.Tests.Sandbox;

[Collection(SandboxCollection.Name)]
public sealed class DiscoveryTests(SandboxFixture sandbox)
{
    private async Task<(string ContentType, JsonElement Body)> GetAsync(string path, string? accept = null)
    {
        using var response = await sandbox.SendAsync(HttpMethod.Get, path, accept);
        response.EnsureSuccessStatusCode();
        return (response.Content.Headers.ContentType!.ToString(), JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task Apis_LegacyAccept_ListsGroupsAndResources()
    {
        var (_, groups) = await GetAsync("/apis");
        var (_, apps) = await GetAsync("/apis/apps/v1");

        groups.GetProperty("kind").GetString().ShouldBe("APIGroupList");
        new[] { "apps", "batch", "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "apiextensions.k8s.io" }
            .ShouldBeSubsetOf(groups.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()!));
        var deployments = apps.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "deployments");
        deployments.GetProperty("kind").GetString().ShouldBe("Deployment");
        deployments.GetProperty("namespaced").GetBoolean().ShouldBeTrue();
        deployments.GetProperty("shortNames")[0].GetString().ShouldBe("deploy");
    }

    [Fact]
    public async Task Apis_AggregatedV2Accept_AnswersAggregatedDocument()
    {
        var (contentType, body) = await GetAsync("/apis", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");

        contentType.ShouldContain("as=APIGroupDiscoveryList");
        var apps = body.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("metadata").GetProperty("name").GetString() == "apps");
        apps.GetProperty("versions")[0].GetProperty("resources").EnumerateArray()
            .ShouldContain(r => r.GetProperty("resource").GetString() == "statefulsets" && r.GetProperty("scope").GetString() == "Namespaced");
    }

    [Fact]
    public async Task Apis_OnlyV2beta1Accepted_AnswersLegacy()
    {
        var (_, body) = await GetAsync("/apis", "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json");

        body.GetProperty("kind").GetString().ShouldBe("APIGroupList");
    }

    [Fact]
    public async Task Kubectl_FreshCache_DiscoversWithTwoAggregatedRequests()
    {
        var kubectl = new Kubectl(sandbox.Server.KubeconfigPath, Path.Combine(sandbox.DataDirectory, "cache-" + Guid.NewGuid().ToString("N")));
        sandbox.Cluster.Requests.Reset();

        (await kubectl.RunAsync("get sts -n shop -o name")).ShouldSucceed().Output.ShouldContain("statefulset.apps/postgres");

        sandbox.Cluster.Requests.Count(r => r.Path is "/api" or "/apis").ShouldBe(2);
        sandbox.Cluster.Requests.Count(r => r.Path.StartsWith("/apis/apps/v1", StringComparison.Ordinal) && r.Verb == "get").ShouldBe(0);
    }

    [Fact]
    public async Task OpenApiV3_Root_ListsEveryGroupVersionWithPatchOperations()
    {
        var (_, root) = await GetAsync("/openapi/v3");
        var (_, apps) = await GetAsync(root.GetProperty("paths").GetProperty("apis/apps/v1").GetProperty("serverRelativeURL").GetString()!);

        var patch = apps.GetProperty("paths").GetProperty("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").GetProperty("patch");
        patch.GetProperty("x-kubernetes-group-version-kind").GetProperty("kind").GetString().ShouldBe("Deployment");
        patch.GetProperty("parameters").EnumerateArray().ShouldContain(p => p.GetProperty("name").GetString() == "fieldValidation");
    }
}
