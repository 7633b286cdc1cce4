using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Core.Restores;

/// <summary>Writes a <see cref="RestoreRequest"/> as Velero's Restore (velero.io/v1), as YAML and as the equivalent <c>velero restore create</c>.</summary>
public static class RestoreSpecWriter
{
    public static JsonObject Spec(RestoreRequest r)
    {
        var spec = new JsonObject();
        if (!string.IsNullOrWhiteSpace(r.BackupName))
            spec["backupName"] = r.BackupName;
        else
            spec["scheduleName"] = r.ScheduleName;
        spec["includedNamespaces"] = Array(r.IncludedNamespaces.Count == 0 ? ["*"] : r.IncludedNamespaces);
        if (r.ExcludedNamespaces.Count > 0)
            spec["excludedNamespaces"] = Array(r.ExcludedNamespaces);
        if (r.IncludedResources.Count > 0)
            spec["includedResources"] = Array(r.IncludedResources);
        if (r.ExcludedResources.Count > 0)
            spec["excludedResources"] = Array(r.ExcludedResources);
        if (r.IncludeClusterResources is { } cluster)
            spec["includeClusterResources"] = cluster;
        if (!string.IsNullOrWhiteSpace(r.LabelSelector))
            spec["labelSelector"] = BackupSpecWriter.Selector(LabelSelector.Parse(r.LabelSelector));
        else if (r.OrLabelSelectors.Count > 0)
            spec["orLabelSelectors"] = new JsonArray([.. r.OrLabelSelectors.Select(s => (JsonNode)BackupSpecWriter.Selector(LabelSelector.Parse(s)))]);
        if (r.NamespaceMapping.Count > 0)
            spec["namespaceMapping"] = new JsonObject([.. r.NamespaceMapping.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))]);
        spec["existingResourcePolicy"] = r.ExistingResourcePolicy == ExistingResourcePolicy.Update ? "update" : "none";
        spec["restorePVs"] = r.RestoreVolumes;
        spec["preserveNodePorts"] = r.PreserveNodePorts;
        return spec;
    }

    public static JsonObject Restore(string name, string veleroNamespace, RestoreRequest r, string? requestedBy)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = veleroNamespace };
        if (requestedBy is not null)
            metadata["annotations"] = new JsonObject { [BackupObject.RequestedByAnnotation] = requestedBy };
        return new JsonObject { ["apiVersion"] = "velero.io/v1", ["kind"] = "Restore", ["metadata"] = metadata, ["spec"] = Spec(r) };
    }

    public static string Yaml(JsonObject restore) => Inventory.ObjectYaml.ToYaml(restore.DeepClone());

    public static string Command(string name, RestoreRequest r, string veleroNamespace)
    {
        var q = BackupSpecWriter.Quote;
        var flags = new List<string> { "velero", "restore", "create", q(name) };
        flags.Add(string.IsNullOrWhiteSpace(r.BackupName) ? "--from-schedule " + q(r.ScheduleName!) : "--from-backup " + q(r.BackupName));
        if (r.IncludedNamespaces.Count > 0)
            flags.Add("--include-namespaces " + q(string.Join(',', r.IncludedNamespaces)));
        if (r.ExcludedNamespaces.Count > 0)
            flags.Add("--exclude-namespaces " + q(string.Join(',', r.ExcludedNamespaces)));
        if (r.IncludedResources.Count > 0)
            flags.Add("--include-resources " + q(string.Join(',', r.IncludedResources)));
        if (r.ExcludedResources.Count > 0)
            flags.Add("--exclude-resources " + q(string.Join(',', r.ExcludedResources)));
        if (r.IncludeClusterResources is { } cluster)
            flags.Add("--include-cluster-resources=" + (cluster ? "true" : "false"));
        if (!string.IsNullOrWhiteSpace(r.LabelSelector))
            flags.Add("--selector " + q(LabelSelector.Parse(r.LabelSelector).ToString()));
        else if (r.OrLabelSelectors.Count > 0)
            flags.Add("--or-selector " + q(string.Join(" or ", r.OrLabelSelectors.Select(s => LabelSelector.Parse(s).ToString()))));
        if (r.NamespaceMapping.Count > 0)
            flags.Add("--namespace-mappings " + q(string.Join(',', r.NamespaceMapping.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}:{m.Value}"))));
        if (r.ExistingResourcePolicy == ExistingResourcePolicy.Update)
            flags.Add("--existing-resource-policy update");
        flags.Add("--restore-volumes=" + (r.RestoreVolumes ? "true" : "false"));
        if (r.PreserveNodePorts)
            flags.Add("--preserve-nodeports");
        flags.Add("--namespace " + q(veleroNamespace));
        return string.Join(' ', flags);
    }

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
