using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;
using DataProtection.Sandbox;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Sandbox.Velero;
using k8s;

namespace DataProtection.Benchmarks.Backups;

/// <summary>
/// One Velero Backup of every namespace of a sandbox cluster seeded in bulk, run by the sandbox's Velero-compatible controller:
/// wall time from creation to a final phase, this process's peak memory while it runs, and the tarball in the bucket.
/// </summary>
public static class BackupBenchmark
{
    private const string ClusterName = "bench";
    private const string Bucket = "velero";
    private const string BackupName = "bench";
    private static readonly string[] Final = ["Completed", "PartiallyFailed", "Failed", "FailedValidation"];

    public static async Task<int> RunAsync(BackupBenchmarkOptions options)
    {
        var root = Directory.CreateTempSubdirectory("dp-bench-backup-").FullName;
        try
        {
            return await RunInAsync(root, options);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<int> RunInAsync(string root, BackupBenchmarkOptions options)
    {
        await using var s3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(root, "s3")));
        var velero = new VeleroOptions { InstallCheckInterval = TimeSpan.FromMilliseconds(200) };
        await using var sandbox = await SandboxServer.StartAsync(
            new SandboxServerOptions(Path.Combine(root, "sandbox"), ClusterNames: [ClusterName], Seed: false) { Velero = velero });
        var cluster = sandbox[ClusterName];
        var seeding = Stopwatch.StartNew();
        cluster.SeedBulk(options.Namespaces, options.PerNamespace, seed: 42);
        Console.WriteLine($"Seeded {options.Namespaces * options.PerNamespace:N0} objects in {options.Namespaces} namespaces in {seeding.Elapsed.TotalSeconds:F1} s");
        var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath, currentContext: ClusterName));
        await VeleroInstaller.InstallAsync(client, s3, options.Crds, Bucket);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        await WaitForAsync(client, "backupstoragelocations", "default", o => (string?)o["status"]?["phase"] == "Available", timeout.Token);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baselineHeap = GC.GetTotalMemory(forceFullCollection: true);
        var baselineWorkingSet = Process.GetCurrentProcess().WorkingSet64;
        JsonObject backup;
        var stopwatch = Stopwatch.StartNew();
        await using (var sampler = new MemorySampler(TimeSpan.FromMilliseconds(50)))
        {
            var request = new JsonObject
            {
                ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup", ["metadata"] = new JsonObject { ["name"] = BackupName }, ["spec"] = new JsonObject(),
            };
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(request, "velero.io", "v1", VeleroInstaller.Namespace, "backups", cancellationToken: timeout.Token);
            var live = new SortedDictionary<int, long>();
            backup = await WaitForAsync(client, "backups", BackupName, o =>
            {
                // A full collection at each quarter of the items: what the process really holds as the backup grows.
                if ((int?)o["status"]?["progress"]?["itemsBackedUp"] is > 0 and var done && (int?)o["status"]?["progress"]?["totalItems"] is > 0 and var total
                    && done * 4 / total is var quarter and > 0 and < 4 && !live.ContainsKey(quarter))
                    live[quarter] = GC.GetTotalMemory(forceFullCollection: true);
                return Final.Contains((string?)o["status"]?["phase"]);
            }, timeout.Token);
            stopwatch.Stop();
            await sampler.DisposeAsync();
            Report(backup, stopwatch.Elapsed, sampler, baselineHeap, baselineWorkingSet);
            Console.WriteLine("Live heap (full GC) at " + (live.Count == 0 ? "no quarter (no progress update in between)"
                : string.Join(", ", live.Select(p => $"{p.Key * 25}%+ of the items: {p.Value / 1024.0 / 1024.0:F0} MiB"))));
        }

        var tarball = s3.Store.GetObject(Bucket, $"backups/{BackupName}/{BackupName}.tar.gz")
            ?? throw new InvalidOperationException("The backup tarball is not in the bucket");
        var items = CountItems(s3.Store, tarball.Key);
        Console.WriteLine($"Archive: {tarball.Size / 1024.0 / 1024.0:F1} MiB, {items:N0} items (legacy paths; each is also under -preferredversion/)");
        var expected = options.Namespaces * options.PerNamespace;
        if ((string?)backup["status"]?["phase"] != "Completed" || items < expected)
        {
            Console.Error.WriteLine($"Expected a Completed backup with at least {expected:N0} items");
            return 1;
        }
        return 0;
    }

    private static void Report(JsonObject backup, TimeSpan elapsed, MemorySampler sampler, long baselineHeap, long baselineWorkingSet)
    {
        static string MiB(long bytes) => $"{bytes / 1024.0 / 1024.0:F0} MiB";
        var status = backup["status"]!;
        Console.WriteLine($"Backup {(string?)status["phase"]}: {(int?)status["progress"]?["itemsBackedUp"]:N0} of {(int?)status["progress"]?["totalItems"]:N0} items " +
            $"in {elapsed.TotalSeconds:F1} s (creation to final phase)");
        Console.WriteLine($"Working set: {MiB(baselineWorkingSet)} before, peak {MiB(sampler.PeakWorkingSet)} (+{MiB(sampler.PeakWorkingSet - baselineWorkingSet)})");
        Console.WriteLine($"Managed heap: {MiB(baselineHeap)} before (after a full GC), peak {MiB(sampler.PeakManagedHeap)} " +
            $"(+{MiB(sampler.PeakManagedHeap - baselineHeap)}); {sampler.Samples} samples every 50 ms");
        Console.WriteLine($"Heap after GC: {MiB(baselineHeap)} before, peak {MiB(sampler.PeakHeapAfterGc)} (+{MiB(sampler.PeakHeapAfterGc - baselineHeap)}); " +
            $"{GC.CollectionCount(0)} gen0 / {GC.CollectionCount(2)} gen2 collections in the process so far");
    }

    /// <summary>Reads the tarball as a restore would, streaming: one item per legacy path (resources/&lt;gr&gt;/namespaces|cluster/...).</summary>
    private static int CountItems(S3Store store, string key)
    {
        var (_, data) = store.OpenObject(Bucket, key);
        using (data)
        using (var gzip = new GZipStream(data, CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            var count = 0;
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.Name.StartsWith("resources/", StringComparison.Ordinal) && !entry.Name.Contains("-preferredversion/", StringComparison.Ordinal))
                    count++;
            }
            return count;
        }
    }

    private static async Task<JsonObject> WaitForAsync(IKubernetes client, string plural, string name, Func<JsonObject, bool> done, CancellationToken ct)
    {
        while (true)
        {
            await foreach (var (_, obj) in client.CustomObjects.WatchListNamespacedCustomObjectAsync("velero.io", "v1", VeleroInstaller.Namespace, plural,
                fieldSelector: $"metadata.name={name}", cancellationToken: ct))
            {
                var current = JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
                if (done(current))
                    return current;
            }
        }
    }
}
