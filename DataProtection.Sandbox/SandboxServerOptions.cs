using DataProtection.Sandbox.Velero;

namespace DataProtection.Sandbox;

/// <summary>How to start the sandbox. Port 0 picks a free port; ClusterNames defaults to <c>sandbox</c> and <c>sandbox-dr</c>.</summary>
public sealed record SandboxServerOptions(string DataDirectory, int Port = 0, IReadOnlyList<string>? ClusterNames = null, bool Seed = true)
{
    public static readonly IReadOnlyList<string> DefaultClusterNames = ["sandbox", "sandbox-dr"];

    /// <summary>How long a watch stays idle before a BOOKMARK (when the client allows bookmarks).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Changes kept per cluster for watches and continue tokens; older versions answer 410 Expired.</summary>
    public int WatchHistory { get; init; } = 10_000;

    /// <summary>When set, each cluster runs a Velero-compatible controller once Velero is installed in it; null leaves Velero out.</summary>
    public VeleroOptions? Velero { get; init; }

    public IReadOnlyList<string> EffectiveClusterNames => ClusterNames is { Count: > 0 } names ? names : DefaultClusterNames;
}
