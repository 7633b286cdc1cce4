using System.Threading.Channels;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox;

[Collection(SandboxCollection.Name)]
public sealed class ClientWatchTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Watch_FromResourceVersion_ReceivesOnlyLaterChangesAndBookmarks()
    {
        var ns = await sandbox.NewNamespaceAsync();
        var client = sandbox.Client();
        var before = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "old" } }, ns);
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "w" } }, ns);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = Channel.CreateUnbounded<(WatchEventType Type, V1ConfigMap Object)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, allowWatchBookmarks: true,
                               resourceVersion: created.Metadata.ResourceVersion, cancellationToken: stop.Token))
                await events.Writer.WriteAsync(e);
        });

        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"a\":\"b\"}}", V1Patch.PatchType.MergePatch), "w", ns);
        var received = new List<(WatchEventType Type, V1ConfigMap Object)>();
        while (!received.Any(e => e.Type == WatchEventType.Bookmark))
            received.Add(await events.Reader.ReadAsync(stop.Token).AsTask().DefaultTimeout());
        await stop.CancelAsync();

        var modified = received.First();
        modified.Type.ShouldBe(WatchEventType.Modified);
        modified.Object.Metadata.Name.ShouldBe("w");
        modified.Object.Data["a"].ShouldBe("b");
        received.ShouldNotContain(e => e.Object.Metadata.Name == before.Metadata.Name);
        await Should.ThrowAsync<OperationCanceledException>(watching.DefaultTimeout());
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_StartsWithSyntheticAdded()
    {
        var ns = await sandbox.NewNamespaceAsync();
        var client = sandbox.Client();
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "existing" } }, ns);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await using var events = client.CoreV1.WatchListNamespacedConfigMapAsync(ns, cancellationToken: stop.Token).GetAsyncEnumerator(stop.Token);

        (await events.MoveNextAsync().AsTask().DefaultTimeout()).ShouldBeTrue();
        events.Current.Item1.ShouldBe(WatchEventType.Added);
        events.Current.Item2.Metadata.Name.ShouldBe("existing");
    }

    [Fact]
    public async Task Watch_LabelSelector_ReportsObjectLeavingSelectionAsDeleted()
    {
        var ns = await sandbox.NewNamespaceAsync();
        var client = sandbox.Client();
        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "sel", Labels = new Dictionary<string, string> { ["app"] = "a" } } }, ns);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = client.CoreV1.WatchListNamespacedConfigMapAsync(ns, labelSelector: "app=a",
            resourceVersion: cm.Metadata.ResourceVersion, cancellationToken: stop.Token).GetAsyncEnumerator(stop.Token);
        var next = events.MoveNextAsync().AsTask();

        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"metadata\":{\"labels\":{\"app\":\"b\"}}}", V1Patch.PatchType.MergePatch), "sel", ns);

        (await next.DefaultTimeout()).ShouldBeTrue();
        events.Current.Item1.ShouldBe(WatchEventType.Deleted);
    }

    [Fact]
    public async Task Watch_VersionOlderThanHistory_SendsErrorEvent410AndCloses()
    {
        var ns = await sandbox.NewNamespaceAsync();
        sandbox.Cluster.CompactHistory();
        await sandbox.Client().CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after" } }, ns);
        var errors = new List<Exception>();

        var events = new List<WatchEventType>();
        await foreach (var (type, _) in sandbox.Client().CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: "1", onError: errors.Add)
                           .WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
            events.Add(type);

        events.ShouldBeEmpty();
        var status = errors.OfType<KubernetesException>().Single().Status;
        (status.Code, status.Reason).ShouldBe((410, "Expired"));
        status.Message.ShouldStartWith("too old resource version: 1");
    }

    [Fact]
    public async Task Watch_TimeoutSecondsWithoutEvents_EndsTheStreamEmpty()
    {
        var ns = await sandbox.NewNamespaceAsync();

        // The typed watch cannot observe this: KubernetesClient peeks the first line and fails on an empty stream.
        using var response = await sandbox.SendAsync(HttpMethod.Get, $"api/v1/namespaces/{ns}/configmaps?watch=true&timeoutSeconds=1", completion: HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync().DefaultTimeout(10);

        response.IsSuccessStatusCode.ShouldBeTrue();
        body.ShouldBeEmpty();
    }

    [Fact]
    public async Task Watch_AllowBookmarksWhileIdle_SendsOneCompactBookmarkPerLine()
    {
        var ns = await sandbox.NewNamespaceAsync();

        using var response = await sandbox.SendAsync(HttpMethod.Get, $"api/v1/namespaces/{ns}/configmaps?watch=1&allowWatchBookmarks=true&timeoutSeconds=1",
            completion: HttpCompletionOption.ResponseHeadersRead);
        var lines = (await response.Content.ReadAsStringAsync().DefaultTimeout(10)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.ShouldNotBeEmpty();
        foreach (var line in lines)
        {
            var e = System.Text.Json.JsonDocument.Parse(line).RootElement;
            e.GetProperty("type").GetString().ShouldBe("BOOKMARK");
            e.GetProperty("object").GetProperty("kind").GetString().ShouldBe("ConfigMap");
            e.GetProperty("object").GetProperty("metadata").GetProperty("resourceVersion").GetString().ShouldNotBeNullOrEmpty();
        }
    }

    [Fact]
    public async Task Watch_ConcurrentWriters_ReceivesEveryChangeInResourceVersionOrder()
    {
        var ns = await sandbox.NewNamespaceAsync();
        var start = await sandbox.Client().CoreV1.ListNamespacedConfigMapAsync(ns);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = sandbox.Client().CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: start.Metadata.ResourceVersion, cancellationToken: stop.Token)
            .GetAsyncEnumerator(stop.Token);
        var first = events.MoveNextAsync().AsTask();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            var client = sandbox.Client();
            for (var i = 0; i < 25; i++)
                await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"w{writer}-{i}" } }, ns);
        }))).DefaultTimeout(60);
        var versions = new List<long>();
        (await first.DefaultTimeout()).ShouldBeTrue();
        versions.Add(long.Parse(events.Current.Item2.Metadata.ResourceVersion));
        while (versions.Count < 100 && await events.MoveNextAsync().AsTask().DefaultTimeout())
            versions.Add(long.Parse(events.Current.Item2.Metadata.ResourceVersion));
        await events.DisposeAsync();

        versions.Count.ShouldBe(100);
        versions.ShouldBeInOrder(SortDirection.Ascending);
        versions.Distinct().Count().ShouldBe(100);
    }
}
