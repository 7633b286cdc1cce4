using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Sandbox;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Clusters;

/// <summary>
/// A sandbox Kubernetes API server of its own (so other tests' namespaces do not change the counts) and the real app,
/// with the "sandbox" cluster registered through <see cref="ClusterService"/> from the sandbox's kubeconfig.
/// </summary>
public sealed class SandboxClusterFixture : IAsyncLifetime
{
    public static readonly Actor Admin = new("admin", Roles.Admin, AuditSource.UI);

    private readonly string _sandboxDirectory = Path.Combine(Path.GetTempPath(), "dp-sandbox-" + Guid.NewGuid().ToString("N"));

    public SandboxServer Server { get; private set; } = null!;

    public SandboxCluster Cluster => Server["sandbox"];

    public AppFactory App { get; } = new(new Dictionary<string, string?> { ["Clusters:TimeoutSeconds"] = "5" });

    public ClusterSummary Registered { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await SandboxServer.StartAsync(new SandboxServerOptions(_sandboxDirectory)).DefaultTimeout();
        Registered = await App.Service<ClusterService>().RegisterClusterAsync(Admin,
            new RegisterClusterRequest("sandbox", "the sandbox", new ClusterCredentials(Cluster.KubeconfigYaml, "sandbox")), CancellationToken.None).DefaultTimeout();
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_sandboxDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being flushed by the sandbox's persistence; the temp folder is cleaned by the OS.
        }
    }
}
