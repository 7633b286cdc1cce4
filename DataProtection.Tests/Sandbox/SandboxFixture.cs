using DataProtection.Sandbox;
using k8s;

namespace DataProtection.Tests.Sandbox;

/// <summary>One sandbox server on a free port in a temp directory, shared by the tests of the "Sandbox" collection.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "dp-sandbox-" + Guid.NewGuid().ToString("N"));

    public SandboxServer Server { get; private set; } = null!;

    public SandboxCluster Cluster => Server["sandbox"];

    public Kubectl Kubectl { get; private set; } = null!;

    public static SandboxServerOptions Options(string directory) =>
        new(directory) { BookmarkInterval = TimeSpan.FromMilliseconds(200) };

    public IKubernetes Client(string cluster = "sandbox") =>
        new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.KubeconfigPath, currentContext: cluster));

    /// <summary>A raw request with the cluster's credentials, for what the typed client cannot express (Accept, odd bodies).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? accept = null, HttpContent? content = null,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var client = (Kubernetes)Client();
        using var request = new HttpRequestMessage(method, $"{client.BaseUri}{path.TrimStart('/')}") { Content = content };
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        await client.Credentials.ProcessHttpRequestAsync(request, CancellationToken.None);
        return await client.HttpClient.SendAsync(request, completion).WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A fresh namespace per test keeps tests independent on the shared server.</summary>
    public async Task<string> NewNamespaceAsync(string prefix = "t")
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        await Client().CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = name } });
        return name;
    }

    public async Task InitializeAsync()
    {
        Server = await SandboxServer.StartAsync(Options(DataDirectory));
        Kubectl = new Kubectl(Server.KubeconfigPath, Path.Combine(DataDirectory, "kubectl-cache"));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "Sandbox";
}
