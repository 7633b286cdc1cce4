using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DataProtection.Tests.Integration.Clusters;

/// <summary>Registration, connection tests and health against the sandbox's real Kubernetes API server over HTTPS.</summary>
public sealed class SandboxClusterTests(SandboxClusterFixture sandbox) : IClassFixture<SandboxClusterFixture>
{
    private static readonly Actor Admin = SandboxClusterFixture.Admin;

    private ClusterService Clusters => sandbox.App.Service<ClusterService>();

    [Fact]
    public async Task RegisterClusterAsync_SandboxKubeconfig_StoresVersionNamespacesAndAuditRow()
    {
        var health = sandbox.Registered.Health.ShouldNotBeNull();

        health.Reachable.ShouldBeTrue();
        health.Error.ShouldBeNull();
        health.KubernetesVersion.ShouldBe("v1.32.0");
        health.NamespaceCount.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(7);
        sandbox.Registered.Server.ShouldBe(sandbox.Cluster.Server);
        var row = (await sandbox.App.Service<AuditService>().ListAsync(new AuditQuery(Action: AuditActions.ClusterRegister, Cluster: "sandbox"), new PageRequest(), CancellationToken.None))
            .Items.Where(r => r.Outcome == AuditOutcome.Succeeded).ShouldHaveSingleItem();
        row.Actor.ShouldBe("admin");
    }

    [Fact]
    public async Task TestConnectionAsync_UrlTokenAndCa_Succeeds()
    {
        var dr = sandbox.Server["sandbox-dr"];

        var result = await Clusters.TestConnectionAsync(Admin, new ClusterCredentials(Server: dr.Server, Token: dr.Token, CertificateAuthority: dr.CertificateAuthorityPem), CancellationToken.None).DefaultTimeout();

        result.Succeeded.ShouldBeTrue(result.Error);
        result.Health.KubernetesVersion.ShouldBe("v1.32.0");
    }

    [Fact]
    public async Task RegisterClusterAsync_WrongToken_Is401OnTokenAndSavesNothing()
    {
        var dr = sandbox.Server["sandbox-dr"];

        var error = await Should.ThrowAsync<ValidationException>(() => Clusters.RegisterClusterAsync(Admin, new RegisterClusterRequest("wrong-token", null,
            new ClusterCredentials(Server: dr.Server, Token: "not-the-token", CertificateAuthority: dr.CertificateAuthorityPem)), CancellationToken.None)).DefaultTimeout();

        error.Field.ShouldBe("token");
        error.Message.ShouldBe($"{dr.Server} rejected the credentials (401 Unauthorized): the token is wrong, expired or revoked.");
        (await Clusters.ListClustersAsync(Admin, CancellationToken.None)).ShouldNotContain(c => c.Name == "wrong-token");
    }

    [Fact]
    public async Task TestConnectionAsync_UntrustedCa_IsATlsFailureOnCertificateAuthority()
    {
        using var key = ECDsa.Create();
        using var otherCa = new CertificateRequest("CN=other-ca", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        var result = await Clusters.TestConnectionAsync(Admin, new ClusterCredentials(Server: sandbox.Cluster.Server, Token: sandbox.Cluster.Token,
            CertificateAuthority: otherCa.ExportCertificatePem()), CancellationToken.None).DefaultTimeout();

        result.Succeeded.ShouldBeFalse();
        result.Field.ShouldBe("certificateAuthority");
        result.Error.ShouldNotBeNull().ShouldStartWith($"TLS with {sandbox.Cluster.Server} failed");
    }

    [Fact]
    public async Task RegisterClusterAsync_DuplicateName_IsConflict() =>
        await Should.ThrowAsync<ConflictException>(() => Clusters.RegisterClusterAsync(Admin,
            new RegisterClusterRequest("sandbox", null, new ClusterCredentials(sandbox.Cluster.KubeconfigYaml)), CancellationToken.None)).DefaultTimeout();

    [Fact]
    public async Task RefreshClusterHealthAsync_Viewer_RecordsAFreshCheck()
    {
        var viewer = new Actor("vic", Roles.Viewer, AuditSource.UI);
        var before = (await Clusters.GetClusterAsync(viewer, "sandbox", CancellationToken.None)).Health!.CheckedUtc;
        sandbox.App.Time.Advance(TimeSpan.FromMinutes(1));

        var refreshed = await sandbox.App.Service<ClusterHealthService>().RefreshClusterHealthAsync(viewer, "sandbox", CancellationToken.None).DefaultTimeout();

        refreshed.Health!.Healthy.ShouldBeTrue(refreshed.Health.Error);
        refreshed.Health.CheckedUtc.ShouldBeGreaterThan(before);
    }

    [Fact]
    public async Task RegisteredCluster_TokenIsStoredEncryptedOnlyAndNeverLogged()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(sandbox.App.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var text = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
            text.ShouldNotContain(sandbox.Cluster.Token, customMessage: file);
            text.ShouldNotContain("certificate-authority-data", customMessage: file);
        }
        sandbox.App.Logs.All.ShouldNotContain(sandbox.Cluster.Token);
    }

    [Fact]
    public async Task UpdateClusterAsync_WrongNewToken_KeepsTheWorkingCredentials()
    {
        await Clusters.RegisterClusterAsync(Admin, new RegisterClusterRequest("rotating", null, new ClusterCredentials(sandbox.Cluster.KubeconfigYaml)), CancellationToken.None).DefaultTimeout();
        var inventory = sandbox.App.Service<DataProtection.Core.Inventory.InventoryService>();
        (await inventory.ListKindsAsync(Admin, "rotating", CancellationToken.None)).ShouldNotBeEmpty();

        var error = await Should.ThrowAsync<ValidationException>(() => Clusters.UpdateClusterAsync(Admin, "rotating", new ClusterChanges(Credentials:
            new ClusterCredentials(Server: sandbox.Cluster.Server, Token: "rotated-wrong", CertificateAuthority: sandbox.Cluster.CertificateAuthorityPem)), CancellationToken.None)).DefaultTimeout();
        var updated = await Clusters.UpdateClusterAsync(Admin, "rotating", new ClusterChanges(Credentials:
            new ClusterCredentials(Server: sandbox.Cluster.Server, Token: sandbox.Cluster.Token, CertificateAuthority: sandbox.Cluster.CertificateAuthorityPem)), CancellationToken.None).DefaultTimeout();

        error.Field.ShouldBe("token");
        updated.Health!.Healthy.ShouldBeTrue();
        (await inventory.ListObjectsAsync(Admin, "rotating", new(Namespace: "shop"), 5, null, CancellationToken.None)).Items.Count.ShouldBe(5);
    }

    [Fact]
    public async Task UpdateDisableRemove_AreAuditedAndRemoveForgetsTheCluster()
    {
        await Clusters.RegisterClusterAsync(Admin, new RegisterClusterRequest("short-lived", null, new ClusterCredentials(sandbox.Cluster.KubeconfigYaml)), CancellationToken.None).DefaultTimeout();

        (await Clusters.UpdateClusterAsync(Admin, "short-lived", new ClusterChanges(Description: "renamed"), CancellationToken.None)).Description.ShouldBe("renamed");
        (await Clusters.SetEnabledAsync(Admin, "short-lived", false, CancellationToken.None)).Enabled.ShouldBeFalse();
        await Should.ThrowAsync<ForbiddenException>(() => Clusters.RemoveClusterAsync(new Actor("op", Roles.Operator, AuditSource.API), "short-lived", CancellationToken.None));
        await Clusters.RemoveClusterAsync(Admin, "short-lived", CancellationToken.None);

        await Should.ThrowAsync<NotFoundException>(() => Clusters.GetClusterAsync(Admin, "short-lived", CancellationToken.None));
        var rows = (await sandbox.App.Service<AuditService>().ListAsync(new AuditQuery(Cluster: "short-lived"), new PageRequest(), CancellationToken.None)).Items;
        rows.Select(r => (r.Action, r.Outcome)).Reverse().ShouldBe([
            (AuditActions.ClusterRegister, AuditOutcome.Succeeded), (AuditActions.ClusterUpdate, AuditOutcome.Succeeded),
            (AuditActions.ClusterDisable, AuditOutcome.Succeeded), (AuditActions.ClusterRemove, AuditOutcome.Denied), (AuditActions.ClusterRemove, AuditOutcome.Succeeded)]);
    }
}
