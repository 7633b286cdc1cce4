using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Secrets;
using DataProtection.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Tests.Integration.Clusters;

/// <summary>Registration input checks against the real app; no cluster is needed for a failure.</summary>
public sealed class ClusterRegistrationTests(ClusterRegistrationTests.App fixture) : IClassFixture<ClusterRegistrationTests.App>
{
    private static readonly Actor Admin = new("admin", Roles.Admin, AuditSource.UI);

    public sealed class App : IDisposable
    {
        public AppFactory Factory { get; } = new(new Dictionary<string, string?> { ["Clusters:TimeoutSeconds"] = "2" });

        public void Dispose() => Factory.Dispose();
    }

    private ClusterService Clusters => fixture.Factory.Service<ClusterService>();

    internal static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Kubeconfig(string server, string token = "t0ken", string context = "ctx") => $"""
        apiVersion: v1
        kind: Config
        current-context: {context}
        clusters:
        - name: c
          cluster: {"{"} server: "{server}" {"}"}
        contexts:
        - name: {context}
          context: {"{"} cluster: c, user: u {"}"}
        users:
        - name: u
          user: {"{"} token: {token} {"}"}
        """;

    [Theory]
    [InlineData("Prod")]
    [InlineData("-prod")]
    [InlineData("prod_1")]
    [InlineData("")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")]
    public async Task RegisterClusterAsync_InvalidName_NamesField(string name)
    {
        var error = await Should.ThrowAsync<ValidationException>(() =>
            Clusters.RegisterClusterAsync(Admin, new RegisterClusterRequest(name, null, new ClusterCredentials(Kubeconfig("http://127.0.0.1:1"))), CancellationToken.None)).DefaultTimeout();

        error.Field.ShouldBe("name");
        error.Message.ShouldContain("DNS-1123 label");
    }

    [Fact]
    public async Task RegisterClusterAsync_MalformedKubeconfig_NamesTheLine()
    {
        var error = await Should.ThrowAsync<ValidationException>(() =>
            Clusters.RegisterClusterAsync(Admin, new RegisterClusterRequest("bad-yaml", null, new ClusterCredentials("apiVersion: v1\nclusters:\n- name: c\n  cluster:\n    server: x\n   bad: indent\n")), CancellationToken.None)).DefaultTimeout();

        error.Field.ShouldBe("kubeconfig");
        error.Message.ShouldContain("not valid YAML: line ");
    }

    [Fact]
    public async Task RegisterClusterAsync_UnknownContext_NamesContext()
    {
        var error = await Should.ThrowAsync<ValidationException>(() => Clusters.RegisterClusterAsync(Admin,
            new RegisterClusterRequest("unknown-ctx", null, new ClusterCredentials(Kubeconfig("http://127.0.0.1:1"), "nope")), CancellationToken.None)).DefaultTimeout();

        error.Field.ShouldBe("context");
        error.Message.ShouldContain("no context named 'nope'");
    }

    [Fact]
    public async Task TestConnectionAsync_GarbageCaData_NamesKubeconfig()
    {
        var kubeconfig = Kubeconfig("https://127.0.0.1:1").Replace("server: \"https://127.0.0.1:1\"", "server: \"https://127.0.0.1:1\", certificate-authority-data: \"%%% not base64 %%%\"");

        var error = await Should.ThrowAsync<ValidationException>(() =>
            Clusters.TestConnectionAsync(Admin, new ClusterCredentials(kubeconfig), CancellationToken.None)).DefaultTimeout();

        error.Field.ShouldBe("kubeconfig");
        error.Message.ShouldStartWith("The credentials could not be loaded: ");
    }

    [Fact]
    public async Task RegisterClusterAsync_ConnectionRefused_SavesNothingAndAuditsFailure()
    {
        var server = $"http://127.0.0.1:{ClosedPort()}";

        var error = await Should.ThrowAsync<ValidationException>(() => Clusters.RegisterClusterAsync(Admin,
            new RegisterClusterRequest("refused", null, new ClusterCredentials(Server: server, Token: "refused-token")), CancellationToken.None)).DefaultTimeout();

        error.Field.ShouldBe("server");
        error.Message.ShouldBe($"{server} is unreachable: connection refused.");
        (await Clusters.ListClustersAsync(Admin, CancellationToken.None)).ShouldNotContain(c => c.Name == "refused");
        var row = (await fixture.Factory.Service<AuditService>().ListAsync(new AuditQuery(Cluster: "refused"), new PageRequest(), CancellationToken.None)).Items.ShouldHaveSingleItem();
        row.Action.ShouldBe(AuditActions.ClusterRegister);
        row.Outcome.ShouldBe(AuditOutcome.Failed);
        row.Error.ShouldBe(error.Message);
        (row.Parameters ?? "").ShouldNotContain("refused-token");
    }

    [Fact]
    public async Task TestConnectionAsync_ServerNeverAnswers_TimesOutWithinItsBudget()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var server = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var started = TimeProvider.System.GetTimestamp();

        var result = await Clusters.TestConnectionAsync(Admin, new ClusterCredentials(Kubeconfig(server)), CancellationToken.None).DefaultTimeout();

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldBe($"{server} did not answer within 2 s (timeout).");
        TimeProvider.System.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task RegisterClusterAsync_Viewer_IsDeniedAndAudited()
    {
        var viewer = new Actor("vera", Roles.Viewer, AuditSource.UI);

        await Should.ThrowAsync<ForbiddenException>(() => Clusters.RegisterClusterAsync(viewer,
            new RegisterClusterRequest("viewer-made", null, new ClusterCredentials(Kubeconfig("http://127.0.0.1:1"))), CancellationToken.None)).DefaultTimeout();

        var row = (await fixture.Factory.Service<AuditService>().ListAsync(new AuditQuery(Actor: "vera"), new PageRequest(), CancellationToken.None)).Items.ShouldHaveSingleItem();
        row.Outcome.ShouldBe(AuditOutcome.Denied);
        row.TargetCluster.ShouldBe("viewer-made");
    }

    [Fact]
    public async Task Api_RegisterWithBadKubeconfig_Returns400NamingKubeconfig()
    {
        var client = fixture.Factory.CreateBrowserClient();
        client.WithBearer(await client.GetSessionTokenAsync("admin", AppFactory.AdminPassword));

        var response = await client.PostAsJsonAsync("/api/v1/clusters", new { name = "api-bad", kubeconfig = "::: not yaml [" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("kubeconfig", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Api_TestConnectionRefused_ReportsFailureWithoutSaving()
    {
        var client = fixture.Factory.CreateBrowserClient();
        client.WithBearer(await client.GetSessionTokenAsync("admin", AppFactory.AdminPassword));

        var response = await client.PostAsJsonAsync("/api/v1/clusters/test-connection", new { server = $"http://127.0.0.1:{ClosedPort()}", token = "x" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("succeeded").GetBoolean().ShouldBeFalse();
        body.GetProperty("error").GetString()!.ShouldContain("connection refused");
    }

    [Fact]
    public async Task Api_UnknownCluster_Returns404()
    {
        var client = fixture.Factory.CreateBrowserClient();
        client.WithBearer(await client.GetSessionTokenAsync("admin", AppFactory.AdminPassword));

        (await client.GetAsync("/api/v1/clusters/nope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/v1/clusters/nope/inventory")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Api_InventoryBadSelector_Returns400WithPosition()
    {
        var client = fixture.Factory.CreateBrowserClient();
        client.WithBearer(await client.GetSessionTokenAsync("admin", AppFactory.AdminPassword));

        var response = await client.GetAsync("/api/v1/clusters/nope/inventory?selector=" + Uri.EscapeDataString("app=shop)"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("selector")[0].GetString()
            .ShouldBe("labelSelector: at position 9: expected ',' or end of string, found ')'");
    }

    [Fact]
    public async Task Api_InventoryOfUnreachableCluster_Returns502WithTheReason()
    {
        var server = $"http://127.0.0.1:{ClosedPort()}";
        // Saved directly: registration would refuse a server that is down.
        await using (var db = await fixture.Factory.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.Clusters.Add(new Cluster
            {
                Name = "gone", Server = server, CreatedUtc = DateTime.UtcNow, UpdatedUtc = DateTime.UtcNow,
                ProtectedKubeconfig = fixture.Factory.Service<ISecretProtector>().Protect("cluster-credentials", KubeconfigDocument.FromToken(server, "t", null).Yaml),
            });
            await db.SaveChangesAsync();
        }
        var client = fixture.Factory.CreateBrowserClient();
        client.WithBearer(await client.GetSessionTokenAsync("admin", AppFactory.AdminPassword));

        var response = await client.GetAsync("/api/v1/clusters/gone/namespaces");

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().ShouldBe($"{server} is unreachable: connection refused.");
    }

    [Fact]
    public async Task RegisterClusterAsync_FailedAttempt_TokenIsInNoFileAndNoLog()
    {
        const string canary = "Canary-Cluster-Token-9d1e";
        await Should.ThrowAsync<ValidationException>(() => Clusters.RegisterClusterAsync(Admin,
            new RegisterClusterRequest("canary", null, new ClusterCredentials(Kubeconfig($"http://127.0.0.1:{ClosedPort()}", canary))), CancellationToken.None)).DefaultTimeout();

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(fixture.Factory.DataDirectory, "*", SearchOption.AllDirectories))
        {
            Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)).ShouldNotContain(canary, customMessage: file);
        }
        fixture.Factory.Logs.All.ShouldNotContain(canary);
    }
}
