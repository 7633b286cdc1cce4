using DataProtection.Tests.Infrastructure;
using k8s;

namespace DataProtection.Tests.Sandbox;

[Collection(SandboxCollection.Name)]
public sealed class RequestAccountingTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Requests_ListsGetsAndCreates_AreCountedPerVerbWithPagination()
    {
        var dr = sandbox.Server["sandbox-dr"];
        var client = sandbox.Client("sandbox-dr");
        dr.Requests.Reset();

        await client.CoreV1.ListNamespacedPodAsync("shop", limit: 2).DefaultTimeout();
        await client.CoreV1.ListNamespacedPodAsync("shop").DefaultTimeout();
        await client.CoreV1.ReadNamespaceAsync("shop").DefaultTimeout();
        await ClientCrudTests.ErrorStatusAsync(() => client.CoreV1.ReadNamespaceAsync("nope"));

        var records = dr.Requests.Snapshot();
        records.Count.ShouldBe(4);
        records.Count(r => r is { Verb: "list", Path: "/api/v1/namespaces/shop/pods", Paginated: true }).ShouldBe(1);
        records.Count(r => r is { Verb: "list", Paginated: false }).ShouldBe(1);
        dr.Requests.Count(r => r.Verb == "get" && r.Status == 200).ShouldBe(1);
        dr.Requests.Count(r => r.Verb == "get" && r.Status == 404).ShouldBe(1);
        records.ShouldAllBe(r => r.ResponseBytes > 0);
        records.First().Query.ShouldContain("limit=2");
        sandbox.Cluster.Requests.Count(r => r.Path == "/api/v1/namespaces/nope").ShouldBe(0);
    }
}
