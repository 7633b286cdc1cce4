namespace DataProtection.Web.Features.Clusters;

/// <summary>Per circuit: the cluster last browsed, so the Inventory entry in the drawer returns to it.</summary>
public sealed class ClusterContext
{
    public string? LastCluster { get; set; }
}
