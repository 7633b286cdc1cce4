using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's skipPVTracker: reasons per PV and approach; once a PV is known to be backed up, it is never skipped again.</summary>
internal sealed class SkippedVolumes
{
    public const string PodVolumeApproach = "podvolume";
    public const string VolumeSnapshotApproach = "volumeSnapshot";

    private readonly SortedDictionary<string, SortedDictionary<string, string>> _reasons = new(StringComparer.Ordinal);
    private readonly HashSet<string> _included = [];

    public void Track(string? pv, string approach, string reason)
    {
        if (string.IsNullOrEmpty(pv) || _included.Contains(pv))
            return;
        if (!_reasons.TryGetValue(pv, out var reasons))
            _reasons[pv] = reasons = new(StringComparer.Ordinal);
        reasons[approach] = reason;
    }

    public void Untrack(string? pv)
    {
        if (string.IsNullOrEmpty(pv))
            return;
        _included.Add(pv);
        _reasons.Remove(pv);
    }

    /// <summary>PV name to Velero's SerializeSkipReasons form, <c>approach: reason;</c> per approach.</summary>
    public IEnumerable<(string Pv, string Reasons)> Summary() =>
        _reasons.Select(p => (p.Key, string.Concat(p.Value.Select(r => $"{r.Key}: {r.Value};"))));

    /// <summary>The JSON of Velero's "Summary for skipped PVs" log line.</summary>
    public string SummaryJson() => new JsonArray(_reasons.Select(p => (JsonNode?)new JsonObject
    {
        ["name"] = p.Key,
        ["reasons"] = new JsonArray(p.Value.Select(r => (JsonNode?)new JsonObject { ["approach"] = r.Key, ["reason"] = r.Value }).ToArray()),
    }).ToArray()).ToJsonString();
}
