using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.S3;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>npm s3rver 3.7.1 (installed by <c>npm ci</c> from the repo's package.json) as a second, independent S3 implementation.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Credential = "S3RVER";
    private Process? _process;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "dp-s3rver-tests", Guid.NewGuid().ToString("N"));

    public Uri Endpoint { get; private set; } = null!;

    public AmazonS3Client Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "node_modules", "s3rver", "bin", "s3rver.js");
        File.Exists(script).ShouldBeTrue($"{script} is missing: run `npm ci` at the repository root");
        Directory.CreateDirectory(DataDirectory);
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _process = Process.Start(new ProcessStartInfo("node", [script, "-d", DataDirectory, "-a", "127.0.0.1", "-p", port.ToString(), "--silent"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilListeningAsync(port).WaitAsync(TimeSpan.FromSeconds(30));
        Client = S3TestClients.Create(Endpoint, Credential, Credential);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process?.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        while (true)
        {
            _process!.HasExited.ShouldBeFalse("s3rver exited during startup");
            using var tcp = new TcpClient();
            try
            {
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "DataProtection.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("No repository root (package.json + DataProtection.sln) above " + AppContext.BaseDirectory);
    }
}
