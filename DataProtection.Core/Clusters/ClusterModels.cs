namespace DataProtection.Core.Clusters;

/// <summary>Either <see cref="Kubeconfig"/> (+ optional <see cref="Context"/>) or <see cref="Server"/> + <see cref="Token"/> + <see cref="CertificateAuthority"/>.</summary>
public sealed record ClusterCredentials(string? Kubeconfig = null, string? Context = null, string? Server = null, string? Token = null, string? CertificateAuthority = null)
{
    public bool FromKubeconfig => !string.IsNullOrWhiteSpace(Kubeconfig);
}

public sealed record RegisterClusterRequest(string? Name, string? Description, ClusterCredentials Credentials);

public sealed record ClusterChanges(string? Description = null, ClusterCredentials? Credentials = null);

public sealed record ClusterHealth(
    bool Reachable,
    string? KubernetesVersion,
    int? NamespaceCount,
    bool VeleroCrdsPresent,
    bool VeleroDeploymentPresent,
    string? VeleroVersion,
    DateTime? LastContactUtc,
    DateTime CheckedUtc,
    string? Error)
{
    public bool Healthy => Reachable && Error is null;
}

public sealed record ConnectionTestResult(bool Succeeded, string Server, string? Field, string? Error, ClusterHealth Health);

public sealed record ClusterSummary(
    string Name,
    string Description,
    string Server,
    bool Enabled,
    DateTime CreatedUtc,
    DateTime UpdatedUtc,
    ClusterHealth? Health)
{
    internal static ClusterSummary From(Cluster c) => new(c.Name, c.Description, c.Server, c.Enabled, c.CreatedUtc, c.UpdatedUtc,
        c.LastCheckedUtc is { } checkedUtc
            ? new ClusterHealth(c.Reachable ?? false, c.KubernetesVersion, c.NamespaceCount, c.VeleroCrdsPresent ?? false,
                c.VeleroDeploymentPresent ?? false, c.VeleroVersion, c.LastContactUtc, checkedUtc, c.LastError)
            : null);

    internal static void Apply(Cluster c, ClusterHealth h)
    {
        c.Reachable = h.Reachable;
        c.KubernetesVersion = h.KubernetesVersion;
        c.NamespaceCount = h.NamespaceCount;
        c.VeleroCrdsPresent = h.VeleroCrdsPresent;
        c.VeleroDeploymentPresent = h.VeleroDeploymentPresent;
        c.VeleroVersion = h.VeleroVersion;
        c.LastContactUtc = h.LastContactUtc ?? c.LastContactUtc;
        c.LastCheckedUtc = h.CheckedUtc;
        c.LastError = h.Error;
    }
}
