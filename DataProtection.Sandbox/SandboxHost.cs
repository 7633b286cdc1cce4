using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DataProtection.Sandbox;

/// <summary>
/// Standalone entry point: <c>dotnet run --project DataProtection.Sandbox -- --port N --data DIR</c>.
/// The cluster in a box (Kubernetes API, S3 endpoint, Velero controller) arrives with the sandbox issues; for now the host
/// only answers /healthz, so the layout, build and CI are in place.
/// </summary>
public static class SandboxHost
{
    public static async Task Main(string[] args)
    {
        var options = SandboxOptions.Parse(args);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Ok(new { status = "Healthy", clusters = 0, dataDirectory = options.DataDirectory }));
        await app.RunAsync();
    }
}
