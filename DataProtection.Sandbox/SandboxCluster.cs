using System.Security.Cryptography;
using DataProtection.Sandbox.KubeApi;
using DataProtection.Sandbox.Seed;

namespace DataProtection.Sandbox;

/// <summary>One emulated cluster: its own store, resourceVersions, token and kubeconfig.</summary>
public sealed class SandboxCluster
{
    private SandboxCluster(string name, string directory, string token, string caPem, ClusterState state)
    {
        Name = name;
        Token = token;
        CertificateAuthorityPem = caPem;
        State = state;
        Persistence = new StatePersistence(state.Store, Path.Combine(directory, "state.json"));
        KubeconfigPath = Path.Combine(directory, "kubeconfig");
    }

    public string Name { get; }
    public string Server { get; private set; } = "";
    public string Token { get; }
    public string CertificateAuthorityPem { get; }
    public string KubeconfigPath { get; }
    public string KubeconfigYaml { get; private set; } = "";
    public RequestAccounting Requests { get; } = new();

    internal ClusterState State { get; }
    internal StatePersistence Persistence { get; }

    /// <summary>Adds labelled ConfigMaps and Pods straight into the store (no HTTP), deterministic for a given seed.</summary>
    public void SeedBulk(int namespaces, int objectsPerNamespace, int seed) =>
        BulkSeeder.Seed(State.Writer, namespaces, objectsPerNamespace, seed);

    /// <summary>Forgets the change history, as etcd compaction does: older watches and continue tokens get 410 Expired.</summary>
    internal void CompactHistory() => State.Store.Compact();

    internal static SandboxCluster Open(string name, string dataDirectory, string caPem, SandboxServerOptions options)
    {
        var directory = Directory.CreateDirectory(Path.Combine(dataDirectory, "clusters", name)).FullName;
        var tokenPath = Path.Combine(directory, "token");
        if (!File.Exists(tokenPath))
            File.WriteAllText(tokenPath, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
        var state = new ClusterState(TimeProvider.System, options.BookmarkInterval, options.WatchHistory);
        var cluster = new SandboxCluster(name, directory, File.ReadAllText(tokenPath).Trim(), caPem, state);
        if (StatePersistence.Load(Path.Combine(directory, "state.json")) is { } saved)
            state.Load(saved);
        else if (options.Seed)
            SampleWorkloads.Seed(state.Writer, name);
        state.Store.Changed += _ => cluster.Persistence.Schedule();
        cluster.Persistence.Schedule();
        return cluster;
    }

    internal void Bind(string server)
    {
        Server = server;
        KubeconfigYaml = Kubeconfig.Render([Entry]);
        File.WriteAllText(KubeconfigPath, KubeconfigYaml);
    }

    internal KubeconfigEntry Entry => new(Name, Server, Token, CertificateAuthorityPem);
}
