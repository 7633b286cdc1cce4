using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Inventory;
using DataProtection.Core.StorageLocations;
using DataProtection.Core.Volumes;

namespace DataProtection.Web.Features.Backups.Wizard;

/// <summary>What the wizards list for one cluster: namespaces, kinds, storage locations and the opted-in volumes in scope.</summary>
public sealed class WizardData(InventoryService inventory, StorageLocationService locations, VolumeService volumes)
{
    private const int VolumeNamespaceLimit = 20;
    private const int PodsPerNamespace = 200;

    public IReadOnlyList<NamespaceSummary> Namespaces { get; private set; } = [];

    public IReadOnlyList<ResourceKind> Kinds { get; private set; } = [];

    public IReadOnlyList<ClusterStorageLocation>? Locations { get; private set; }

    public IReadOnlyList<OptedInVolume>? OptedIn { get; private set; }

    /// <summary>Null when loaded; otherwise why the cluster could not be read.</summary>
    public async Task<string?> LoadAsync(Actor actor, string cluster, CancellationToken ct)
    {
        (Namespaces, Kinds, Locations, OptedIn) = ([], [], null, null);
        try
        {
            var summary = await inventory.GetInventorySummaryAsync(actor, cluster, ct);
            (Namespaces, Kinds) = (summary.Namespaces, summary.Kinds);
            Locations = await locations.ListClusterLocationsAsync(actor, cluster, ct);
            return null;
        }
        catch (Exception ex) when (ex is ClusterUnavailableException or NotFoundException or ForbiddenException or ValidationException)
        {
            Locations = [];
            return ex.Message;
        }
    }

    /// <summary>The opted-in volumes of the first namespaces in scope (a sample: the backup itself reads every pod).</summary>
    public async Task LoadVolumesAsync(Actor actor, string cluster, BackupTemplate? template, CancellationToken ct)
    {
        var filter = new VeleroScopeFilter(template ?? new BackupTemplate());
        var found = new List<OptedInVolume>();
        foreach (var ns in Namespaces.Select(n => n.Name).Where(filter.NamespaceTaken).Take(VolumeNamespaceLimit))
        {
            var page = await volumes.ListPodVolumesAsync(actor, cluster, ns, PodsPerNamespace, null, ct);
            found.AddRange(page.Items.SelectMany(p => p.Volumes.Where(v => v.OptedIn).Select(v => new OptedInVolume(ns, p.Pod, v.Name))));
        }
        OptedIn = found;
    }
}
