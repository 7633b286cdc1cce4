using System.Text;
using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Protection;
using DataProtection.Core.Restores;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using k8s.Models;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Tests.Integration.Restores;

/// <summary>Helpers of the cross-cluster restore tests: a dashboard of their own on the Backups sandbox, locations, audit rows.</summary>
internal static class CrossClusterSetup
{
    public static readonly Actor Operator = new("olivia", Roles.Operator, AuditSource.UI);

    /// <summary>A second dashboard on the Backups fixture's clusters (both Ready, neither watched), with its own clock and sync timeout.</summary>
    public static async Task<AppFactory> StartAppAsync(BackupsFixture fixture, int syncTimeoutSeconds)
    {
        var app = new AppFactory(new Dictionary<string, string?>(SubmissionSandbox.AppSettings) { ["Restores:SyncTimeoutSeconds"] = $"{syncTimeoutSeconds}" });
        app.Service<BackupWatchHub>().FollowProtectionChanges = false;
        foreach (var name in new[] { BackupsFixture.Watched, BackupsFixture.Unwatched })
        {
            await app.Service<ClusterService>().RegisterClusterAsync(BackupsFixture.Admin, new RegisterClusterRequest(name, null,
                new ClusterCredentials(fixture.Server[name].KubeconfigYaml, name)), CancellationToken.None).DefaultTimeout();
            await VeleroFixture.WaitAsync(async () =>
            {
                var status = await app.Service<ProtectionService>().RefreshStatusAsync(BackupsFixture.Admin, name, CancellationToken.None);
                return status.Status == ProtectionStatus.Ready ? status : null;
            });
        }
        return app;
    }

    public static async Task<JsonObject?> GetAsync(Kubernetes client, string plural, string name)
    {
        try
        {
            var obj = await client.CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, plural, name).DefaultTimeout();
            return JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>A BackupStorageLocation on the fixture's S3, as <c>velero backup-location create</c> makes it, optionally with its own credentials Secret.</summary>
    public static Task CreateLocationAsync(BackupsFixture fixture, Kubernetes client, string name, string bucket, string prefix, string? secret = null) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(
            VeleroFixture.Location(fixture.S3, name, bucket, prefix, secret is null ? null : new JsonObject { ["name"] = secret, ["key"] = "cloud" }),
            "velero.io", "v1", VeleroFixture.Namespace, "backupstoragelocations").DefaultTimeout();

    public static Task CreateCredentialsAsync(Kubernetes client, string name, string accessKey, string secretKey) =>
        client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new() { Name = name },
            Data = new Dictionary<string, byte[]> { ["cloud"] = Encoding.UTF8.GetBytes($"[default]\naws_access_key_id={accessKey}\naws_secret_access_key={secretKey}\n") },
        }, VeleroFixture.Namespace).DefaultTimeout();

    public static Task DeleteLocationAsync(Kubernetes client, string name) =>
        client.CustomObjects.DeleteNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "backupstoragelocations", name).DefaultTimeout();

    public static async Task<List<AuditEntry>> AuditAsync(AppFactory app, string action)
    {
        await using var db = await app.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Id).ToListAsync();
    }

    public static Task<RestoreSummary> CompletedAsync(AppFactory app, string cluster, string name) =>
        VeleroFixture.WaitAsync(async () =>
        {
            RestoreSummary restore;
            try
            {
                restore = await app.Service<RestoreService>().GetRestoreAsync(BackupsFixture.Viewer, cluster, name, CancellationToken.None);
            }
            catch (NotFoundException)
            {
                return null;
            }
            restore.Phase.ShouldNotBeOneOf("Failed", "FailedValidation", "PartiallyFailed");
            return restore.Phase == "Completed" ? restore : null;
        }, 60);

    /// <summary>Restores of that name on the cluster, read straight from its API server.</summary>
    public static async Task<int> RestoreCountAsync(Kubernetes client, string name)
    {
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "restores").DefaultTimeout();
        return JsonNode.Parse(KubernetesJson.Serialize(list))!["items"]!.AsArray().Count(r => (string?)r!["metadata"]!["name"] == name);
    }
}
