using DataProtection.Core;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataProtection.Benchmarks.Inventory;

/// <summary>The dashboard's Core services on their own SQLite file, with the sandbox cluster registered as a user would.</summary>
public static class DashboardHost
{
    public static async Task<IHost> StartAsync(string dataDirectory, SandboxCluster cluster)
    {
        Directory.CreateDirectory(dataDirectory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = dataDirectory, Args = [] });
        builder.Configuration["Data:Directory"] = dataDirectory;
        builder.Configuration["Bootstrap:AdminPassword"] = "Benchmark-Only-Passw0rd";
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDataProtectionCore();
        var host = builder.Build();
        await host.InitialiseDatabaseAsync();
        var credentials = new ClusterCredentials(Kubeconfig: cluster.KubeconfigYaml, Context: cluster.Name);
        await host.Services.GetRequiredService<ClusterService>()
            .RegisterClusterAsync(Actor.System, new RegisterClusterRequest(cluster.Name, "benchmark", credentials), CancellationToken.None);
        return host;
    }
}
