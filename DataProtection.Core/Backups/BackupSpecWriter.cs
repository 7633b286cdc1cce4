using System.Text.Json.Nodes;
using DataProtection.Core.Inventory;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Backups;

/// <summary>
/// Writes a <see cref="BackupTemplate"/> as Velero's BackupSpec (velero.io/v1), as a whole Backup, as YAML and as the
/// equivalent <c>velero backup create</c> arguments, so the review step shows exactly what will be sent.
/// </summary>
public static class BackupSpecWriter
{
    public static JsonObject Spec(BackupTemplate t)
    {
        var spec = new JsonObject
        {
            // The velero CLI writes '*' for "all namespaces"; so do we, so a CLI user reading the CR sees the familiar form.
            ["includedNamespaces"] = Array(t.Namespaces == NamespaceScope.All ? ["*"] : t.IncludedNamespaces),
        };
        if (t.ExcludedNamespaces.Count > 0)
            spec["excludedNamespaces"] = Array(t.ExcludedNamespaces);
        if (t.IncludedResources.Count > 0)
            spec["includedResources"] = Array(t.IncludedResources);
        if (t.ExcludedResources.Count > 0)
            spec["excludedResources"] = Array(t.ExcludedResources);
        if (t.ClusterResources != ClusterResources.Auto)
            spec["includeClusterResources"] = t.ClusterResources == ClusterResources.Include;
        if (!string.IsNullOrWhiteSpace(t.LabelSelector))
            spec["labelSelector"] = Selector(LabelSelector.Parse(t.LabelSelector));
        else if (t.OrLabelSelectors.Count > 0)
            spec["orLabelSelectors"] = new JsonArray([.. t.OrLabelSelectors.Select(s => (JsonNode)Selector(LabelSelector.Parse(s)))]);
        spec["snapshotVolumes"] = t.SnapshotVolumes;
        spec["defaultVolumesToFsBackup"] = t.FsBackupAllVolumes;
        if (!string.IsNullOrWhiteSpace(t.StorageLocation))
            spec["storageLocation"] = t.StorageLocation;
        spec["ttl"] = GoDuration.Format(t.Ttl);
        return spec;
    }

    /// <summary>The Backup CR; <paramref name="requestedBy"/> becomes the <c>dataprotection.io/requested-by</c> annotation history reads.</summary>
    public static JsonObject Backup(string name, string veleroNamespace, BackupTemplate t, string? requestedBy, IReadOnlyDictionary<string, string>? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = veleroNamespace };
        if (labels is { Count: > 0 })
            metadata["labels"] = new JsonObject([.. labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]);
        if (requestedBy is not null)
            metadata["annotations"] = new JsonObject { [BackupObject.RequestedByAnnotation] = requestedBy };
        return new JsonObject { ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup", ["metadata"] = metadata, ["spec"] = Spec(t) };
    }

    public static string Yaml(JsonObject resource) => ObjectYaml.ToYaml(resource.DeepClone());

    /// <summary>The flags of <c>velero backup create</c> / <c>velero schedule create</c> that produce the same spec.</summary>
    public static IReadOnlyList<string> Flags(BackupTemplate t)
    {
        var flags = new List<string>();
        if (t.Namespaces == NamespaceScope.Selected)
            flags.Add("--include-namespaces " + Quote(string.Join(',', t.IncludedNamespaces)));
        if (t.ExcludedNamespaces.Count > 0)
            flags.Add("--exclude-namespaces " + Quote(string.Join(',', t.ExcludedNamespaces)));
        if (t.IncludedResources.Count > 0)
            flags.Add("--include-resources " + Quote(string.Join(',', t.IncludedResources)));
        if (t.ExcludedResources.Count > 0)
            flags.Add("--exclude-resources " + Quote(string.Join(',', t.ExcludedResources)));
        if (t.ClusterResources != ClusterResources.Auto)
            flags.Add("--include-cluster-resources=" + (t.ClusterResources == ClusterResources.Include ? "true" : "false"));
        if (!string.IsNullOrWhiteSpace(t.LabelSelector))
            flags.Add("--selector " + Quote(LabelSelector.Parse(t.LabelSelector).ToString()));
        else if (t.OrLabelSelectors.Count > 0)
            flags.Add("--or-selector " + Quote(string.Join(" or ", t.OrLabelSelectors.Select(s => LabelSelector.Parse(s).ToString()))));
        flags.Add("--snapshot-volumes=" + (t.SnapshotVolumes ? "true" : "false"));
        if (t.FsBackupAllVolumes)
            flags.Add("--default-volumes-to-fs-backup");
        if (!string.IsNullOrWhiteSpace(t.StorageLocation))
            flags.Add("--storage-location " + Quote(t.StorageLocation));
        flags.Add("--ttl " + GoDuration.Format(t.Ttl));
        return flags;
    }

    public static string BackupCommand(string name, BackupTemplate t, string veleroNamespace) =>
        string.Join(" ", ["velero", "backup", "create", Quote(name), .. Flags(t), "--namespace", Quote(veleroNamespace)]);

    /// <summary>Single-quoted for a POSIX shell when it holds anything but plain name characters.</summary>
    public static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/' or ',' or '=' or ':')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    // metav1.LabelSelector: equality goes to matchLabels, everything else to matchExpressions (as kubectl's conversion does).
    internal static JsonObject Selector(LabelSelector selector)
    {
        var matchLabels = new JsonObject();
        var expressions = new JsonArray();
        foreach (var r in selector.Requirements)
        {
            switch (r.Operator)
            {
                case SelectorOperator.Equals or SelectorOperator.DoubleEquals:
                    matchLabels[r.Key] = r.Values[0];
                    break;
                default:
                    var (op, values) = r.Operator switch
                    {
                        SelectorOperator.NotEquals => ("NotIn", r.Values),
                        SelectorOperator.In => ("In", r.Values),
                        SelectorOperator.NotIn => ("NotIn", r.Values),
                        SelectorOperator.Exists => ("Exists", []),
                        _ => ("DoesNotExist", (IReadOnlyList<string>)[]),
                    };
                    var expression = new JsonObject { ["key"] = r.Key, ["operator"] = op };
                    if (values.Count > 0)
                        expression["values"] = Array(values);
                    expressions.Add(expression);
                    break;
            }
        }
        var result = new JsonObject();
        if (matchLabels.Count > 0)
            result["matchLabels"] = matchLabels;
        if (expressions.Count > 0)
            result["matchExpressions"] = expressions;
        return result;
    }

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
