using System.IO.Compression;
using System.Text.Json;
using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Integration.Backups;

public sealed class BackupScopeFixture : IAsyncLifetime
{
    public SubmissionSandbox Sandbox { get; private set; } = null!;

    public AppFactory App { get; } = new(SubmissionSandbox.AppSettings);

    public async Task InitializeAsync()
    {
        Sandbox = await SubmissionSandbox.StartAsync();
        await Sandbox.RegisterAsync(App);
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Sandbox.DisposeAsync();
    }
}

/// <summary>
/// Each scope the wizard offers, submitted through the dashboard: the Backup CR validates against Velero's CRD, completes, and its
/// resource list in the bucket holds exactly the objects computed from the cluster's own listing.
/// </summary>
public sealed class BackupScopeTests(BackupScopeFixture fixture) : IClassFixture<BackupScopeFixture>
{
    private static readonly Actor Operator = new("olivia", Roles.Operator, AuditSource.UI);
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];

    private string A => $"a-{_id}";
    private string B => $"b-{_id}";
    private string Test => "dp-test";

    [Fact]
    public Task Submit_SelectedNamespaces_ExactlyTheirObjects() => AssertScopeAsync(
        new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = [A, B] },
        i => i.Namespace == A || i.Namespace == B, ns => ns == A || ns == B);

    [Fact]
    public Task Submit_AllNamespacesMinusExcluded_NoClusterScopedObjects() => AssertScopeAsync(
        new BackupTemplate { ExcludedNamespaces = [B, VeleroFixture.Namespace] },
        i => i.Namespaced && i.Namespace != B && i.Namespace != VeleroFixture.Namespace, ns => ns != B && ns != VeleroFixture.Namespace);

    [Fact]
    public async Task Submit_WholeCluster_EveryObject()
    {
        // The Backup itself is on the cluster while Velero lists backups, so it is in its own resource list.
        var (expected, actual, name) = await RunAsync(BackupTemplate.WholeCluster(), _ => true, _ => true);

        expected.Add($"velero.io/v1/Backup {VeleroFixture.Namespace}/{name}");
        // Short-lived requests the dashboard creates and deletes on its own (sizing a finished backup, status checks) may come or
        // go between our listing and Velero's; everything else must match exactly.
        string[] transient = ["velero.io/v1/DownloadRequest ", "velero.io/v1/ServerStatusRequest "];
        expected.RemoveWhere(e => transient.Any(e.StartsWith));
        actual.RemoveWhere(e => transient.Any(e.StartsWith));
        actual.ShouldBe(expected);
    }

    [Fact]
    public Task Submit_LabelSelector_MatchingObjectsOfAnyScope() => AssertScopeAsync(
        new BackupTemplate { LabelSelector = $"{Test}={_id}" }, i => i.Has(Test, _id), _ => true, i => i.Has(Test, _id));

    [Fact]
    public Task Submit_OrSelectors_ObjectsMatchingEither() => AssertScopeAsync(
        new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = [A, B], OrLabelSelectors = [$"tier=db-{_id}", $"tier=cache-{_id}"] },
        i => (i.Namespace == A || i.Namespace == B) && (i.Has("tier", $"db-{_id}") || i.Has("tier", $"cache-{_id}")), ns => ns == A || ns == B,
        i => i.Has("tier", $"db-{_id}") || i.Has("tier", $"cache-{_id}"));

    [Fact]
    public Task Submit_IncludedKinds_OnlyThoseKinds() => AssertScopeAsync(
        new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = [A], IncludedResources = ["configmaps"] },
        i => i.Namespace == A && i.Resource == "configmaps", _ => false);

    [Fact]
    public Task Submit_ExcludedKinds_AllButThoseKinds() => AssertScopeAsync(
        new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = [A], ExcludedResources = ["secrets"] },
        i => i.Namespace == A && i.Resource != "secrets", ns => ns == A);

    [Fact]
    public Task Submit_ClusterResourcesOn_SelectedNamespacesPlusEveryClusterScopedObject() => AssertScopeAsync(
        new BackupTemplate { Namespaces = NamespaceScope.Selected, IncludedNamespaces = [A], ClusterResources = ClusterResources.Include },
        i => i.Namespace == A || !i.Namespaced, ns => ns == A);

    [Fact]
    public Task Submit_ClusterResourcesOff_LabelledClusterScopedObjectLeftOut() => AssertScopeAsync(
        new BackupTemplate { LabelSelector = $"{Test}={_id}", ClusterResources = ClusterResources.Exclude },
        i => i.Namespaced && i.Has(Test, _id), _ => true, i => i.Has(Test, _id));

    private async Task AssertScopeAsync(BackupTemplate template, Func<ClusterItem, bool> take, Func<string, bool> namespaceIncluded,
        Func<ClusterItem, bool>? namespaceMatches = null)
    {
        var (expected, actual, _) = await RunAsync(template, take, namespaceIncluded, namespaceMatches);

        actual.ShouldBe(expected);
    }

    private async Task<(SortedSet<string> Expected, SortedSet<string> Actual, string Name)> RunAsync(BackupTemplate template,
        Func<ClusterItem, bool> take, Func<string, bool> namespaceIncluded, Func<ClusterItem, bool>? namespaceMatches = null)
    {
        await SeedAsync();
        var items = await ClusterItems.ListAsync(fixture.Sandbox.Client()).DefaultTimeout();
        var expected = ClusterItems.Expect(items, take, namespaceIncluded, namespaceMatches ?? (_ => true));
        var name = $"scope-{_id}";

        var submitted = await fixture.App.Service<BackupSubmissionService>().SubmitBackupAsync(Operator, SubmissionSandbox.Cluster, name, template, CancellationToken.None).DefaultTimeout();

        submitted.Name.ShouldBe(name);
        (await SubmissionSandbox.SubmissionAsync(fixture.App, name, s => s.State != SubmissionState.Pending)).State.ShouldBe(SubmissionState.Created);
        var backup = await fixture.Sandbox.WaitForBackupAsync(name, b => (string?)b["status"]?["phase"] is "Completed" or "PartiallyFailed" or "Failed" or "FailedValidation");
        CrdSchemaValidator.Validate(backup).ShouldBeEmpty();
        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        return (expected, await ResourceListAsync(name), name);
    }

    private async Task<SortedSet<string>> ResourceListAsync(string name)
    {
        using var bucket = fixture.Sandbox.Bucket();
        using var response = await bucket.GetObjectAsync(SubmissionSandbox.BucketName, $"backups/{name}/{name}-resource-list.json.gz").DefaultTimeout();
        await using var gzip = new GZipStream(response.ResponseStream, CompressionMode.Decompress);
        using var json = await JsonDocument.ParseAsync(gzip);
        return ClusterItems.FromResourceList(json);
    }

    // a: labelled and unlabelled config maps and a labelled secret; b: config maps; plus a labelled cluster-scoped ClusterRole.
    private async Task SeedAsync()
    {
        var client = fixture.Sandbox.Client();
        foreach (var ns in new[] { A, B })
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = ns } }).DefaultTimeout();
        await ConfigMapAsync(A, "cm1", new() { [Test] = _id, ["tier"] = $"db-{_id}" });
        await ConfigMapAsync(A, "cm2", new() { ["tier"] = $"cache-{_id}" });
        await ConfigMapAsync(A, "cm3", []);
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new() { Name = "s1", Labels = new Dictionary<string, string> { [Test] = _id } } }, A).DefaultTimeout();
        await ConfigMapAsync(B, "cm1", new() { ["tier"] = $"db-{_id}" });
        await ConfigMapAsync(B, "cm3", []);
        await client.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole { Metadata = new() { Name = $"cr-{_id}", Labels = new Dictionary<string, string> { [Test] = _id } } }).DefaultTimeout();

        Task ConfigMapAsync(string ns, string name, Dictionary<string, string> labels) =>
            client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = name, Labels = labels } }, ns).DefaultTimeout();
    }
}
