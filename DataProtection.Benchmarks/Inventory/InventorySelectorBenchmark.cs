using System.Diagnostics;
using DataProtection.Core.Common;
using DataProtection.Core.Inventory;
using DataProtection.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace DataProtection.Benchmarks.Inventory;

/// <summary>
/// "Which objects match selector X across the cluster": the dashboard's inventory against
/// <c>kubectl get configmaps,pods -A -l X -o name</c>, on the same sandbox server, each timed end to end.
/// </summary>
public static class InventorySelectorBenchmark
{
    private const string ClusterName = "bench";

    public static async Task<int> RunAsync(InventoryBenchmarkOptions options)
    {
        var root = Directory.CreateTempSubdirectory("dp-bench-").FullName;
        await using var sandbox = await SandboxServer.StartAsync(new SandboxServerOptions(Path.Combine(root, "sandbox"), ClusterNames: [ClusterName], Seed: false));
        var cluster = sandbox[ClusterName];
        var seeding = Stopwatch.StartNew();
        cluster.SeedBulk(options.Namespaces, options.PerNamespace, seed: 42);
        Console.WriteLine($"Seeded {options.Namespaces * options.PerNamespace:N0} objects in {options.Namespaces} namespaces in {seeding.Elapsed.TotalSeconds:F1} s");

        using var dashboard = await DashboardHost.StartAsync(Path.Combine(root, "dashboard"), cluster);
        var inventory = dashboard.Services.GetRequiredService<InventoryService>();
        var cacheDir = Path.Combine(root, "kubectl-cache");

        Func<Task<int>> viaDashboard = () => CountWithDashboardAsync(inventory, options.Selector);
        Func<Task<int>> viaKubectl = () => CountWithKubectlAsync(cluster.KubeconfigPath, cacheDir, options.Selector);
        await MeasureAsync(cluster, viaDashboard);
        await MeasureAsync(cluster, viaKubectl);

        var dashboardRuns = new List<Measurement>();
        var kubectlRuns = new List<Measurement>();
        for (var i = 0; i < options.Iterations; i++)
        {
            dashboardRuns.Add(await MeasureAsync(cluster, viaDashboard));
            kubectlRuns.Add(await MeasureAsync(cluster, viaKubectl));
        }

        Console.WriteLine($"Selector: {options.Selector}; median of {options.Iterations} runs after one warm-up each");
        Console.WriteLine("| client | time (median) | objects | requests | response bytes | unpaginated LISTs |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(MeasurementStats.Row("dashboard inventory", dashboardRuns));
        Console.WriteLine(MeasurementStats.Row("kubectl get configmaps,pods -A -l X -o name", kubectlRuns));
        var ratio = MeasurementStats.Median(dashboardRuns).Elapsed / MeasurementStats.Median(kubectlRuns).Elapsed;
        Console.WriteLine($"dashboard / kubectl time: {ratio:F2}");
        return 0;
    }

    private static async Task<Measurement> MeasureAsync(SandboxCluster cluster, Func<Task<int>> run)
    {
        cluster.Requests.Reset();
        var stopwatch = Stopwatch.StartNew();
        var objects = await run();
        stopwatch.Stop();
        var requests = cluster.Requests.Snapshot();
        return new Measurement(stopwatch.Elapsed, objects, requests.Count, requests.Sum(r => r.ResponseBytes),
            requests.Count(r => r.Verb == "list" && !r.Paginated));
    }

    private static async Task<int> CountWithDashboardAsync(InventoryService inventory, string selector)
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = await inventory.ListObjectsAsync(Actor.System, ClusterName, new InventoryQuery(selector), 500, token, CancellationToken.None);
            count += page.Items.Count;
            token = page.Continue;
        }
        while (token is not null);
        return count;
    }

    private static async Task<int> CountWithKubectlAsync(string kubeconfig, string cacheDir, string selector)
    {
        var start = new ProcessStartInfo("kubectl", ["get", "configmaps,pods", "-A", "-l", selector, "-o", "name", "--kubeconfig", kubeconfig, "--cache-dir", cacheDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl failed ({process.ExitCode}): {error}");
        }
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
