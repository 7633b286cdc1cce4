using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Playwright;

namespace DataProtection.Benchmarks.Backups;

/// <summary>
/// From a Backup status change in the API server to (a) the line <c>kubectl get backup -w</c> prints and (b) the backups page
/// in headless Chromium showing it. The dashboard runs as a user runs it (<c>dotnet run</c>, Development, sandbox hosted).
/// </summary>
public static class WatchLatencyBenchmark
{
    private const string Password = "Benchmark-Only-Passw0rd";

    public static async Task<int> RunAsync(int iterations)
    {
        var root = RepositoryRoot();
        var data = Directory.CreateTempSubdirectory("dp-latency").FullName;
        var port = FreePort();
        using var web = Start("dotnet", ["run", "-c", "Release", "--no-build", "--no-launch-profile", "--project", $"{root}/DataProtection.Web"], new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Data__Directory"] = data,
            ["Bootstrap__AdminPassword"] = Password,
            ["Logging__LogLevel__Default"] = "Warning",
        });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(3) };
            await WaitHealthyAsync(http);
            var token = (await (await http.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = Password })).Content.ReadFromJsonAsync<JsonObject>())!;
            http.DefaultRequestHeaders.Authorization = new("Bearer", (string?)token["accessToken"]);
            var enabled = Stopwatch.StartNew();
            (await http.PostAsJsonAsync("/api/v1/clusters/sandbox/protection", new { })).EnsureSuccessStatusCode();
            Console.WriteLine($"data protection enabled on the sandbox in {enabled.Elapsed.TotalSeconds:F1} s");

            var kubeconfig = Path.Combine(data, "sandbox", "kubeconfig");
            var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, currentContext: "sandbox"));
            var name = await CompletedBackupAsync(client);
            return await MeasureAsync(client, kubeconfig, name, port, iterations, Path.Combine(data, "dataprotection.db"));
        }
        finally
        {
            web.Kill(entireProcessTree: true);
            await web.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<int> MeasureAsync(Kubernetes client, string kubeconfig, string name, int port, int iterations, string database)
    {
        // Where the time goes: the history row in the dashboard's SQLite file changes between the watch event and the page.
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT TotalItems FROM BackupRecords WHERE Name = $name";
        read.Parameters.AddWithValue("$name", name);
        var printed = new ConcurrentDictionary<string, long>();
        using var kubectl = Start("kubectl", ["--context", "sandbox", "-n", "velero", "get", "backup", name, "-w", "-o", "jsonpath={.status.progress.totalItems}{\"\\n\"}"],
            new() { ["KUBECONFIG"] = kubeconfig });
        kubectl.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) printed.TryAdd(line.Trim(), Now()); };
        kubectl.BeginOutputReadLine();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
        var page = await browser.NewPageAsync(new() { BaseURL = $"http://127.0.0.1:{port}" });
        await page.GotoAsync("/login");
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-circuit-ready=true]", new() { State = WaitForSelectorState.Attached });
        await page.GotoAsync("/backups");
        await page.WaitForSelectorAsync("[data-circuit-ready=true]", new() { State = WaitForSelectorState.Attached });
        await page.GetByText(name).WaitForAsync();
        // Records when each "N / M items" text first appears in the DOM, on the browser's clock (the same machine clock).
        await page.EvaluateAsync("""
            () => { window.__seen = {}; new MutationObserver(() => {
              for (const m of document.body.textContent.matchAll(/\/ (9\d{5}) items/g)) window.__seen[m[1]] ??= Date.now();
            }).observe(document.body, { subtree: true, childList: true, characterData: true }); }
            """);

        var (k, b, h) = (new List<double>(), new List<double>(), new List<double>());
        for (var i = 1; i <= iterations; i++)
        {
            var value = (900_000 + i).ToString();
            var sent = Now();
            var progress = new JsonObject { ["itemsBackedUp"] = int.Parse(value), ["totalItems"] = int.Parse(value) };
            var patch = new V1Patch(new JsonObject { ["status"] = new JsonObject { ["progress"] = progress } }.ToJsonString(), V1Patch.PatchType.MergePatch);
            await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, "velero.io", "v1", "velero", "backups", name);
            var stored = await PollAsync(read, value);
            var shown = await page.WaitForFunctionAsync("v => window.__seen[v]", value, new() { Timeout = 10_000 });
            var deadline = Stopwatch.StartNew();
            while (!printed.ContainsKey(value) && deadline.Elapsed < TimeSpan.FromSeconds(10))
                await Task.Delay(2);
            if (!printed.ContainsKey(value))
                throw new TimeoutException($"kubectl printed no {value} in 10 s; it printed: {string.Join(", ", printed.Keys)}; stderr: {kubectl.StandardError.ReadToEnd()}");
            k.Add(printed[value] - sent);
            b.Add((await shown.JsonValueAsync<double>()) - sent);
            h.Add(stored - sent);
            await Task.Delay(250);
        }
        kubectl.Kill();
        Console.WriteLine($"{iterations} status changes: kubectl -w median {Median(k):F0} ms (p95 {P95(k):F0}), browser median {Median(b):F0} ms (p95 {P95(b):F0});"
            + $" browser / kubectl = {Median(b) / Math.Max(1, Median(k)):F1}x; history row written after median {Median(h):F0} ms (p95 {P95(h):F0})");
        return 0;
    }

    private static async Task<long> PollAsync(Microsoft.Data.Sqlite.SqliteCommand read, string value)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            if ((await read.ExecuteScalarAsync())?.ToString() == value)
                return Now();
            await Task.Delay(1);
        }
        throw new TimeoutException($"The history row never showed {value}");
    }

    private static async Task<string> CompletedBackupAsync(Kubernetes client)
    {
        var name = $"latency-{Guid.NewGuid().ToString("N")[..8]}";
        var backup = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero" },
            ["spec"] = new JsonObject { ["includedNamespaces"] = new JsonArray("default") },
        };
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(backup, "velero.io", "v1", "velero", "backups");
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            var current = JsonNode.Parse(KubernetesJson.Serialize(await client.CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", "velero", "backups", name)))!;
            if ((string?)current["status"]?["phase"] is "Completed" or "PartiallyFailed")
                return name;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Backup {name} did not finish in 2 minutes");
    }

    private static async Task WaitHealthyAsync(HttpClient http)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("The dashboard did not become healthy in 2 minutes (build it first: dotnet build -c Release DataProtection.Web)");
    }

    private static Process Start(string file, string[] arguments, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);

    private static double P95(List<double> v) => v.Order().ElementAt(Math.Min(v.Count - 1, (int)Math.Ceiling(v.Count * 0.95) - 1));

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DataProtection.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Run from inside the repository.");
    }
}
