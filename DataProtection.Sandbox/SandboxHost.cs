namespace DataProtection.Sandbox;

/// <summary>Standalone entry point: <c>dotnet run --project DataProtection.Sandbox -- --port N --data DIR</c>.</summary>
public static class SandboxHost
{
    public static async Task Main(string[] args)
    {
        var options = SandboxOptions.Parse(args);
        await using var server = await SandboxServer.StartAsync(new SandboxServerOptions(options.DataDirectory, options.Port));
        Console.WriteLine($"Sandbox Kubernetes API running. Kubeconfig (a context per cluster): {server.KubeconfigPath}");
        foreach (var cluster in server.Clusters)
            Console.WriteLine($"  {cluster.Name}: {cluster.Server}  (kubeconfig {cluster.KubeconfigPath})");
        Console.WriteLine($"Try: KUBECONFIG={server.KubeconfigPath} kubectl get pods -A");
        Console.WriteLine("Press Ctrl+C to stop.");
        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
        await stop.Task;
    }
}
