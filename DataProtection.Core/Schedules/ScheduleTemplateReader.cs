using System.Text.Json.Nodes;
using DataProtection.Core.Backups;

namespace DataProtection.Core.Schedules;

/// <summary>
/// Reads a Schedule back into a <see cref="ScheduleDraft"/> (the inverse of <see cref="ScheduleWriter"/>), so the edit wizard opens
/// on what the cluster holds, including schedules made with the velero CLI.
/// </summary>
public static class ScheduleTemplateReader
{
    /// <summary>The BackupSpec fields a <see cref="BackupTemplate"/> covers; an update keeps every other template field as it was.</summary>
    public static readonly IReadOnlySet<string> TemplateFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "includedNamespaces", "excludedNamespaces", "includedResources", "excludedResources", "includeClusterResources",
        "labelSelector", "orLabelSelectors", "snapshotVolumes", "defaultVolumesToFsBackup", "storageLocation", "ttl",
    };

    public static ScheduleDraft Draft(JsonObject schedule) => new(
        (string?)schedule["metadata"]?["name"] ?? "",
        (string?)schedule["spec"]?["schedule"] ?? "",
        Template(schedule["spec"]?["template"] as JsonObject),
        (bool?)schedule["spec"]?["paused"] ?? false);

    public static BackupTemplate Template(JsonObject? spec)
    {
        spec ??= [];
        var included = Strings(spec["includedNamespaces"]);
        var includeCluster = (bool?)spec["includeClusterResources"];
        var ttl = (string?)spec["ttl"];
        return new BackupTemplate
        {
            // Velero reads an empty list, like '*', as every namespace.
            Namespaces = included.Count == 0 || included.Contains("*") ? NamespaceScope.All : NamespaceScope.Selected,
            IncludedNamespaces = included.Contains("*") ? [] : included,
            ExcludedNamespaces = Strings(spec["excludedNamespaces"]),
            IncludedResources = Strings(spec["includedResources"]),
            ExcludedResources = Strings(spec["excludedResources"]),
            ClusterResources = includeCluster is null ? ClusterResources.Auto : includeCluster.Value ? ClusterResources.Include : ClusterResources.Exclude,
            LabelSelector = spec["labelSelector"] is JsonObject selector ? SelectorText(selector) : null,
            OrLabelSelectors = [.. (spec["orLabelSelectors"] as JsonArray ?? []).OfType<JsonObject>().Select(SelectorText)],
            // Unset means "snapshot when a snapshot location exists" to Velero, so a CLI-made schedule keeps snapshotting.
            SnapshotVolumes = (bool?)spec["snapshotVolumes"] ?? true,
            FsBackupAllVolumes = (bool?)spec["defaultVolumesToFsBackup"] ?? false,
            StorageLocation = string.IsNullOrEmpty((string?)spec["storageLocation"]) ? null : (string?)spec["storageLocation"],
            // Velero's default TTL (30 days) applies when none is set.
            Ttl = string.IsNullOrEmpty(ttl) || ttl == "0s" ? BackupTemplate.DefaultTtl : GoDuration.Parse(ttl),
        };
    }

    /// <summary>A metav1.LabelSelector in Kubernetes' text form, as kubectl prints it.</summary>
    public static string SelectorText(JsonObject selector)
    {
        var parts = new List<string>();
        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? [])
            parts.Add($"{key}={(string?)value}");
        foreach (var e in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = (string?)e["key"] ?? "";
            var values = string.Join(",", Strings(e["values"]));
            parts.Add((string?)e["operator"] switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key,
                _ => "!" + key,
            });
        }
        return string.Join(",", parts);
    }

    private static List<string> Strings(JsonNode? node) =>
        [.. (node as JsonArray ?? []).Select(v => (string?)v).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];
}
