using System.Text.Json;
using System.Text.Json.Nodes;
using DataProtection.Core.Common;
using DataProtection.Core.Protection;

namespace DataProtection.Core.Backups;

/// <summary>Reads one backup's live object, PodVolumeBackups, log and results from its cluster.</summary>
internal sealed class BackupDetailsReader(BackupDownloads downloads, TimeProvider time)
{
    private static readonly string[] SpecFields = ["storageLocation", "ttl", "includedNamespaces", "excludedNamespaces", "includedResources",
        "excludedResources", "labelSelector", "snapshotVolumes", "defaultVolumesToFsBackup", "includeClusterResources", "volumeSnapshotLocations"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async Task<BackupDetails> ReadAsync(k8s.Kubernetes client, string ns, string cluster, string name, BackupRecord? record, CancellationToken ct)
    {
        var live = await client.GetAsync($"apis/velero.io/v1/namespaces/{ns}/backups/{name}", ct);
        if (live is null && record is null)
        {
            throw new NotFoundException($"There is no backup {name} in {cluster}, and the dashboard has no history of one.");
        }
        var current = record!;
        if (live is not null)
        {
            // The live object wins; the history adds what the cluster does not know (requester, size, when it was first seen).
            current = new BackupRecord { ClusterName = cluster, RequestedBy = record?.RequestedBy, SizeBytes = record?.SizeBytes };
            BackupObject.Apply(live, current);
        }
        var volumes = live is null ? [] : await VolumesAsync(client, ns, name, ct);
        return new BackupDetails(BackupSummary.From(current), live is not null, Spec(live?["spec"]), Timeline(current), volumes,
            live?.ToJsonString(Indented));
    }

    public async Task<BackupLog> ReadLogAsync(k8s.Kubernetes client, string ns, string name, string? search, CancellationToken ct)
    {
        var text = await downloads.DownloadTextAsync(client, ns, "BackupLog", name, ct);
        return BackupLog.From(text, search);
    }

    public async Task<BackupResults> ReadResultsAsync(k8s.Kubernetes client, string ns, string name, CancellationToken ct) =>
        ParseResults(await downloads.DownloadTextAsync(client, ns, "BackupResults", name, ct));

    /// <summary>Velero's results file (pkg/util/results): the same shape for backups and restores.</summary>
    public static BackupResults ParseResults(string text)
    {
        var json = JsonNode.Parse(text);
        return new BackupResults(Messages(json?["errors"]), Messages(json?["warnings"]));
    }

    private static BackupMessages Messages(JsonNode? node) => new(Strings(node?["velero"]), Strings(node?["cluster"]),
        (node?["namespaces"] as JsonObject)?.ToDictionary(p => p.Key, p => Strings(p.Value)) ?? new Dictionary<string, IReadOnlyList<string>>());

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(n => (string?)n).OfType<string>().ToList() : [];

    private static async Task<IReadOnlyList<VolumeProgress>> VolumesAsync(k8s.Kubernetes client, string ns, string name, CancellationToken ct)
    {
        var selector = Uri.EscapeDataString($"{BackupObject.BackupNameLabel}={(name.Length > 63 ? name[..63] : name)}");
        var list = await client.GetAsync($"apis/velero.io/v1/namespaces/{ns}/podvolumebackups?limit=500&labelSelector={selector}", ct);
        return (list?["items"]?.AsArray().OfType<JsonObject>() ?? []).Select(p => new VolumeProgress(
                (string?)p["spec"]?["pod"]?["name"] ?? "", (string?)p["spec"]?["volume"] ?? "", (string?)p["status"]?["phase"] ?? "New",
                Long(p["status"]?["progress"]?["bytesDone"]), Long(p["status"]?["progress"]?["totalBytes"]), (string?)p["status"]?["message"]))
            .OrderBy(v => v.Pod).ThenBy(v => v.Volume).ToList();
    }

    private static long? Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;

    private static Dictionary<string, string> Spec(JsonNode? spec) =>
        SpecFields.Where(f => spec?[f] is not null).ToDictionary(f => f, f => spec![f] is JsonValue v ? v.ToString() : spec[f]!.ToJsonString());

    private IReadOnlyList<TimelineEntry> Timeline(BackupRecord r)
    {
        var entries = new List<TimelineEntry> { new("Created", r.CreatedUtc) };
        if (r.StartedUtc is { } started)
            entries.Add(new("Started", started));
        if (r.CompletedUtc is { } completed)
            entries.Add(new(r.Phase, completed));
        if (r.DeletedUtc is { } deleted)
            entries.Add(new("Gone from the cluster", deleted));
        if (r.ExpiresUtc is { } expires)
            entries.Add(new(expires > time.GetUtcNow().UtcDateTime ? "Expires" : "Expired", expires));
        return entries.OrderBy(e => e.At).ToList();
    }
}
