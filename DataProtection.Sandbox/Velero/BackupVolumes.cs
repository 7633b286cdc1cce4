using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>The three volume files of a backup (FORMAT.md §2.6, §2.8, §2.9) as Velero's persistBackup encodes them.</summary>
internal sealed record VolumeFiles(JsonNode? VolumeSnapshots, JsonNode? PodVolumeBackups, JsonNode VolumeInfo);

/// <summary>
/// The volume side of one backup: file-system backups of selected pod volumes while items are written, then what Velero's
/// takePVSnapshot does for each backed-up PV. The sandbox has no VolumeSnapshotLocation provider, so every PV that is
/// not backed up by a PodVolumeBackup is skipped with Velero's reason.
/// </summary>
internal sealed class BackupVolumes
{
    private readonly KubeClient _kube;
    private readonly JsonObject _backup;
    private readonly VolumeLog _log;
    private readonly SkippedVolumes _skipped = new();
    private readonly PodVolumeBackupper _pods;
    private readonly Dictionary<string, PvInfo> _pvs = [];
    private readonly List<(string Key, string? Pv)> _claims = [];
    private readonly Dictionary<string, List<JsonObject>> _podsByNamespace = [];
    private KopiaRepository? _repository;

    public BackupVolumes(KubeClient kube, HttpClient http, VeleroOptions options, JsonObject backup, JsonObject location, VolumeLog log)
    {
        (_kube, _backup, _log) = (kube, backup, log);
        _pods = new PodVolumeBackupper(kube, options, backup, async ct => _repository ??= new KopiaRepository(kube,
            await BackupStore.ResolveAsync(location, options.Namespace, kube, http, options.Time, ct), location, options.Namespace), log, _skipped);
        log.Info($"Backing up all volumes using pod volume backup: {(DefaultVolumesToFsBackup ? "true" : "false")}");
    }

    private bool DefaultVolumesToFsBackup => (bool?)_backup["spec"]?["defaultVolumesToFsBackup"] == true;

    public async Task OnItemAsync(ApiResource resource, JsonObject item, CancellationToken ct)
    {
        switch (resource.GroupResource)
        {
            case "pods":
                await _pods.BackupPodAsync(item, DefaultVolumesToFsBackup, ct);
                break;
            case "persistentvolumes":
                var pv = PvInfo.From(item);
                _pvs[pv.Name] = pv;
                break;
            case "persistentvolumeclaims":
                _claims.Add(($"{(string?)item["metadata"]!["namespace"]}/{(string?)item["metadata"]!["name"]}", (string?)item["spec"]?["volumeName"]));
                break;
        }
    }

    public async Task<VolumeFiles> FinishAsync(CancellationToken ct)
    {
        var pvbs = await _pods.WaitAllAsync();
        foreach (var (key, pv) in _claims)
        {
            if (_pods.OptedOutClaims.TryGetValue(key, out var pod))
                _skipped.Track(pv, SkippedVolumes.PodVolumeApproach, $"opted out due to annotation in pod {pod}");
        }
        foreach (var pv in _pvs.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
            await TakePvSnapshotAsync(pv, ct);
        var summary = _skipped.Summary().ToList();
        _log.Info("Summary for skipped PVs: " + _skipped.SummaryJson());
        var withPvs = new List<(JsonObject, PvInfo?)>();
        foreach (var (pvb, pvName) in pvbs)
            withPvs.Add((pvb, pvName is null ? null : await PvAsync(pvName, ct)));
        var podVolumeBackups = pvbs.Count == 0 ? null : new JsonArray(pvbs.Select(p => (JsonNode?)p.Pvb.DeepClone()).ToArray());
        return new VolumeFiles(null, podVolumeBackups, VolumeInfos.Build(summary, _pvs, withPvs));
    }

    private async Task TakePvSnapshotAsync(PvInfo pv, CancellationToken ct)
    {
        _log.Info("Executing takePVSnapshot");
        const string Criteria = "not satisfy the criteria for VolumePolicy or the legacy snapshot way";
        if (pv.ClaimName is not null && await BackedUpByPodVolumeAsync(pv, ct))
        {
            _log.Info($"Skipping snapshot of pv {pv.Name} because it is backed up with PodVolumeBackup.");
            _skipped.Track(pv.Name, SkippedVolumes.VolumeSnapshotApproach, Criteria);
        }
        else if ((bool?)_backup["spec"]?["snapshotVolumes"] == false)
        {
            _log.Info($"skipping snapshot action for pv {pv.Name} possibly due to no volume policy setting or snapshotVolumes is false");
            _skipped.Track(pv.Name, SkippedVolumes.VolumeSnapshotApproach, Criteria);
        }
        else
        {
            _log.Info($"performing snapshot action for pv {pv.Name} as the snapshotVolumes is not set to false");
            _log.Info("Persistent volume is not a supported volume type for Velero-native volumeSnapshotter snapshot, skipping.");
            _skipped.Track(pv.Name, SkippedVolumes.VolumeSnapshotApproach, "no applicable volumesnapshotter found");
        }
    }

    private async Task<bool> BackedUpByPodVolumeAsync(PvInfo pv, CancellationToken ct)
    {
        var ns = pv.ClaimNamespace ?? "";
        if (!_podsByNamespace.TryGetValue(ns, out var pods))
        {
            var list = await _kube.ListAsync($"api/v1/namespaces/{ns}/pods", ct);
            _podsByNamespace[ns] = pods = (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        }
        return pods.Any(pod => PodVolumeSelector.Volumes(pod).Any(v => PodVolumeSelector.ClaimName(v) == pv.ClaimName
            && PodVolumeSelector.WantsFsBackup(pod, (string?)v["name"] ?? "", DefaultVolumesToFsBackup)));
    }

    /// <summary>
    /// Velero's PVC backup action adds each claim's PV to the backup, so volume info always finds it; the sandbox's collector
    /// does not, so a PV missing from the backed-up items is read from the cluster instead.
    /// </summary>
    private async Task<PvInfo?> PvAsync(string name, CancellationToken ct) =>
        _pvs.TryGetValue(name, out var pv) ? pv
        : await _kube.GetAsync($"api/v1/persistentvolumes/{name}", ct) is { } found ? PvInfo.From(found) : null;
}
