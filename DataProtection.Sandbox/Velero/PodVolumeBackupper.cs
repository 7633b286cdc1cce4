using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// Velero's podvolume backupper for one backup: for each backed-up pod, checks its volumes as BackupPodVolumes does, creates
/// a PodVolumeBackup per volume (generateName <c>&lt;backup&gt;-</c>) and hands it to the node agent.
/// </summary>
internal sealed class PodVolumeBackupper(KubeClient kube, VeleroOptions options, JsonObject backup, Func<CancellationToken, Task<KopiaRepository>> repository,
    VolumeLog log, SkippedVolumes skipped)
{
    private readonly NodeAgent _agent = new(kube, options);
    private readonly List<(Task<JsonObject> Run, string? Pv)> _started = [];
    private readonly HashSet<string> _takenClaims = [];
    private readonly Dictionary<string, bool> _nodeAgents = [];

    public Dictionary<string, string> OptedOutClaims { get; } = [];

    public async Task BackupPodAsync(JsonObject pod, bool defaultVolumesToFsBackup, CancellationToken ct)
    {
        var (ns, name) = ((string)pod["metadata"]!["namespace"]!, (string)pod["metadata"]!["name"]!);
        var volumes = PodVolumeSelector.Volumes(pod).ToDictionary(v => (string?)v["name"] ?? "");
        var (selected, optedOut) = PodVolumeSelector.Select(pod, defaultVolumesToFsBackup);
        foreach (var claim in optedOut.Select(v => PodVolumeSelector.ClaimName(volumes[v])).OfType<string>())
            OptedOutClaims.TryAdd($"{ns}/{claim}", name);
        foreach (var shared in selected.Where(v => PodVolumeSelector.ClaimName(volumes[v]) is { } claim && _takenClaims.Contains($"{ns}/{claim}")).ToList())
        {
            log.Info("Pod volume uses a persistent volume claim which has already been backed up from another pod, skipping.");
            selected.Remove(shared);
        }
        if (selected.Count == 0)
            return;
        log.Info($"pod {ns}/{name} has volumes to backup: [{string.Join(' ', selected)}]");
        var claims = new Dictionary<string, JsonObject>();
        foreach (var (volumeName, volume) in volumes)
        {
            if (PodVolumeSelector.ClaimName(volume) is not { } claimName)
                continue;
            if (await kube.GetAsync($"api/v1/namespaces/{ns}/persistentvolumeclaims/{claimName}", ct) is { } claim)
                claims[volumeName] = claim;
            else
                log.Error(ns, name, "Error backing up item", $"error getting persistent volume claim for volume: persistentvolumeclaims \"{claimName}\" not found");
        }
        if ((string?)pod["status"]?["phase"] != "Running" || (string?)pod["spec"]?["nodeName"] is not { Length: > 0 } node)
        {
            SkipAll(pod, selected, claims, "pod is not running");
            return;
        }
        if (!await NodeAgentRunsOnAsync(node, ct))
        {
            var error = $"daemonset pod not found in running state in node {node}";
            SkipAll(pod, selected, claims, error);
            log.Error(ns, name, "Error backing up item", error);
            return;
        }
        KopiaRepository repo;
        try
        {
            repo = await repository(ct);
            await repo.EnsureAsync(ns, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or S3ClientException)
        {
            SkipAll(pod, selected, claims, e.Message);
            log.Error(ns, name, "Error backing up item", e.Message);
            return;
        }
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var mounted = containers.SelectMany(c => c["volumeMounts"] as JsonArray ?? []).Select(m => (string?)m?["name"]).ToHashSet();
        var devices = containers.SelectMany(c => c["volumeDevices"] as JsonArray ?? []).Select(m => (string?)m?["name"]).ToHashSet();
        foreach (var volumeName in selected)
        {
            if (!volumes.TryGetValue(volumeName, out var volume))
            {
                log.Warn(ns, name, $"No volume named {volumeName} found in pod {ns}/{name}, skipping");
                continue;
            }
            var claim = claims.GetValueOrDefault(volumeName);
            if (PodVolumeSelector.ClaimName(volume) is not null && claim is null)
                continue;
            var pvName = (string?)claim?["spec"]?["volumeName"];
            if (volume.ContainsKey("hostPath") || await IsHostPathPvAsync(pvName, ct))
            {
                log.Warn(ns, name, $"Volume {volumeName} in pod {ns}/{name} is a hostPath volume which is not supported for pod volume backup, skipping");
                continue;
            }
            var reason = devices.Contains(volumeName)
                ? $"volume {volumeName} declared in pod {ns}/{name} is a block volume. Block volumes are not supported for fs backup, skipping"
                : !mounted.Contains(volumeName) ? $"volume {volumeName} is declared in pod {ns}/{name} but not mounted by any container, skipping" : null;
            if (reason is not null)
            {
                log.Warn(ns, name, reason);
                skipped.Track(pvName, SkippedVolumes.PodVolumeApproach, reason);
                continue;
            }
            var created = await kube.CreateAsync($"apis/velero.io/v1/namespaces/{options.Namespace}/podvolumebackups",
                PodVolumeBackups.New(backup, pod, volume, claim), ct);
            var path = $"apis/velero.io/v1/namespaces/{options.Namespace}/podvolumebackups/{(string)created["metadata"]!["name"]!}";
            var dataPath = PodVolumeBackups.DataPath(pod, volume, pvName);
            _started.Add((_agent.RunAsync(path, VolumeSize.Of(volume, claim), dataPath, c => repo.WriteSnapshotAsync(ns, c), ct), pvName));
            if (claim is not null)
                _takenClaims.Add($"{ns}/{PodVolumeSelector.ClaimName(volume)}");
            skipped.Untrack(pvName);
        }
    }

    /// <summary>Velero's WaitAllPodVolumesProcessed: every started volume in its final state, with the PV it belongs to.</summary>
    public async Task<List<(JsonObject Pvb, string? Pv)>> WaitAllAsync()
    {
        log.Info("Waiting for completion of PVB");
        var result = new List<(JsonObject, string?)>();
        foreach (var (run, pv) in _started)
        {
            try
            {
                var pvb = await run;
                if ((string?)pvb["status"]?["phase"] == "Failed")
                    log.Error(null, null, $"pod volume backup failed: {(string?)pvb["status"]?["message"]}");
                result.Add((pvb, pv));
            }
            catch (HttpRequestException e)
            {
                log.Error(null, null, "pod volume backup failed", e.Message);
            }
        }
        return result;
    }

    private void SkipAll(JsonObject pod, List<string> selected, Dictionary<string, JsonObject> claims, string error)
    {
        var (ns, name) = ((string)pod["metadata"]!["namespace"]!, (string)pod["metadata"]!["name"]!);
        foreach (var volume in selected)
        {
            log.Warn(ns, name, $"Skip pod volume {volume}", error);
            skipped.Track((string?)claims.GetValueOrDefault(volume)?["spec"]?["volumeName"], SkippedVolumes.PodVolumeApproach,
                $"encountered a problem with backing up the PVC of pod {ns}/{name}: {error}");
        }
    }

    /// <summary>
    /// Velero looks for a running node-agent pod on the node. The sandbox runs no DaemonSet controller, so the node-agent
    /// DaemonSet that <c>velero install --use-node-agent</c> creates stands for a pod on every node.
    /// </summary>
    private async Task<bool> NodeAgentRunsOnAsync(string node, CancellationToken ct)
    {
        if (_nodeAgents.TryGetValue(node, out var runs))
            return runs;
        var daemonSet = await kube.GetAsync($"apis/apps/v1/namespaces/{options.Namespace}/daemonsets/node-agent", ct);
        var pods = daemonSet is null ? await kube.ListAsync($"api/v1/namespaces/{options.Namespace}/pods?labelSelector=role%3Dnode-agent", ct) : null;
        runs = daemonSet is not null || (pods?["items"] as JsonArray ?? []).Any(p =>
            (string?)p?["spec"]?["nodeName"] == node && (string?)p?["status"]?["phase"] == "Running");
        return _nodeAgents[node] = runs;
    }

    private async Task<bool> IsHostPathPvAsync(string? pvName, CancellationToken ct) =>
        pvName is { Length: > 0 } && (await kube.GetAsync($"api/v1/persistentvolumes/{pvName}", ct))?["spec"]?["hostPath"] is not null;
}
