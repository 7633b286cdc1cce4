using System.Runtime.InteropServices;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Sandbox.Velero;

namespace DataProtection.Sandbox;

/// <summary>Standalone entry point: <c>dotnet run --project DataProtection.Sandbox -- --port N --data DIR</c>.</summary>
public static class SandboxHost
{
    public static async Task Main(string[] args)
    {
        var options = SandboxOptions.Parse(args);
        await using var s3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(options.DataDirectory, "s3"), options.Port == 0 ? 0 : options.Port + 1));
        await using var server = await SandboxServer.StartAsync(new SandboxServerOptions(options.DataDirectory, options.Port) { Velero = new VeleroOptions() });
        Console.WriteLine($"Sandbox Kubernetes API running. Kubeconfig (a context per cluster): {server.KubeconfigPath}");
        foreach (var cluster in server.Clusters)
            Console.WriteLine($"  {cluster.Name}: {cluster.Server}  (kubeconfig {cluster.KubeconfigPath})");
        Console.WriteLine($"Try: KUBECONFIG={server.KubeconfigPath} kubectl get pods -A");
        Console.WriteLine($"S3 endpoint: {s3.Endpoint} (path-style, region {s3.Region}); access key {s3.AccessKey}; secret key {s3.SecretKey}");
        Console.WriteLine("Press Ctrl+C to stop.");
        var stop = new TaskCompletionSource();
        // Cancelling the default handling lets Main return normally, so the store is saved before the process exits.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await stop.Task;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
    }
}
