using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

internal sealed record TableColumn(string Name, string Type, int Priority, Func<JsonObject, DateTimeOffset, JsonNode?> Cell);

/// <summary>Columns per kind, like kubectl's printers, plus a CRD's additionalPrinterColumns.</summary>
internal static class TableColumns
{
    private static readonly TableColumn Name = new("Name", "string", 0, (o, _) => (string?)o["metadata"]?["name"]);
    private static readonly TableColumn Age = new("Age", "string", 0, (o, now) => AgeOf(o, now, ".metadata.creationTimestamp"));

    private static readonly Dictionary<string, TableColumn[]> ByKind = new()
    {
        ["Namespace"] = [Text("Status", ".status.phase")],
        ["Pod"] =
        [
            new("Ready", "string", 0, (o, _) => $"{Count(o, ".status.containerStatuses", c => (bool?)c["ready"] == true)}/{Count(o, ".spec.containers", _ => true)}"),
            Text("Status", ".status.phase"),
            new("Restarts", "integer", 0, (o, _) => Sum(o, ".status.containerStatuses", "restartCount")),
            Text("IP", ".status.podIP", 1),
            Text("Node", ".spec.nodeName", 1),
        ],
        ["Deployment"] = [Ready(".status.readyReplicas"), Text("Up-to-date", ".status.updatedReplicas"), Text("Available", ".status.availableReplicas")],
        ["StatefulSet"] = [Ready(".status.readyReplicas")],
        ["ReplicaSet"] = [Text("Desired", ".spec.replicas"), Text("Ready", ".status.readyReplicas")],
        ["Service"] = [Text("Type", ".spec.type"), Text("Cluster-IP", ".spec.clusterIP")],
        ["ConfigMap"] = [new("Data", "integer", 0, (o, _) => (o["data"] as JsonObject)?.Count ?? 0)],
        ["Secret"] = [Text("Type", ".type"), new("Data", "integer", 0, (o, _) => (o["data"] as JsonObject)?.Count ?? 0)],
        ["PersistentVolumeClaim"] = [Text("Status", ".status.phase"), Text("Volume", ".spec.volumeName"), Text("Capacity", ".status.capacity.storage"), Text("StorageClass", ".spec.storageClassName")],
        ["PersistentVolume"] = [Text("Capacity", ".spec.capacity.storage"), Text("Reclaim Policy", ".spec.persistentVolumeReclaimPolicy"), Text("Status", ".status.phase"), Text("StorageClass", ".spec.storageClassName")],
        ["StorageClass"] = [Text("Provisioner", ".provisioner")],
        ["CustomResourceDefinition"] = [],
    };

    public static IReadOnlyList<TableColumn> For(ResourceType type)
    {
        if (type.PrinterColumns is { Count: > 0 } printer)
            return [Name, .. printer.OfType<JsonObject>().Select(FromPrinterColumn)];
        var columns = ByKind.GetValueOrDefault(type.Kind, []);
        return [Name, .. columns.Where(c => c.Priority == 0), Age, .. columns.Where(c => c.Priority > 0)];
    }

    private static TableColumn FromPrinterColumn(JsonObject column)
    {
        var path = (string?)column["jsonPath"] ?? "";
        var isDate = (string?)column["type"] == "date";
        return new TableColumn((string?)column["name"] ?? path, isDate ? "string" : (string?)column["type"] ?? "string",
            (int?)column["priority"] ?? 0, (o, now) => isDate ? AgeOf(o, now, path) : Lookup(o, path)?.ToString());
    }

    private static TableColumn Text(string name, string path, int priority = 0) =>
        new(name, "string", priority, (o, _) => Lookup(o, path)?.ToString() ?? (priority > 0 ? "<none>" : ""));

    private static TableColumn Ready(string readyPath) =>
        new("Ready", "string", 0, (o, _) => $"{Lookup(o, readyPath)?.ToString() ?? "0"}/{Lookup(o, ".spec.replicas")?.ToString() ?? "1"}");

    private static int Count(JsonObject o, string path, Func<JsonObject, bool> predicate) =>
        Lookup(o, path) is JsonArray a ? a.OfType<JsonObject>().Count(predicate) : 0;

    private static long Sum(JsonObject o, string path, string field) =>
        Lookup(o, path) is JsonArray a ? a.OfType<JsonObject>().Sum(c => (long?)c[field] ?? 0) : 0;

    private static JsonNode? Lookup(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var segment in path.TrimStart('.').Split('.'))
            node = node is JsonObject o ? o[segment] : null;
        return node;
    }

    private static string AgeOf(JsonObject obj, DateTimeOffset now, string path) =>
        (string?)Lookup(obj, path) is { } text && DateTimeOffset.TryParse(text, out var at) ? HumanDuration(now - at) : "<unknown>";

    /// <summary>kubectl's duration.HumanDuration, so ages read the same as from a real server.</summary>
    public static string HumanDuration(TimeSpan d)
    {
        if (d < TimeSpan.FromMinutes(2)) return $"{Math.Max(0, (int)d.TotalSeconds)}s";
        if (d < TimeSpan.FromMinutes(10)) return d.Seconds == 0 ? $"{(int)d.TotalMinutes}m" : $"{(int)d.TotalMinutes}m{d.Seconds}s";
        if (d < TimeSpan.FromHours(3)) return $"{(int)d.TotalMinutes}m";
        if (d < TimeSpan.FromHours(8)) return d.Minutes == 0 ? $"{(int)d.TotalHours}h" : $"{(int)d.TotalHours}h{d.Minutes}m";
        if (d < TimeSpan.FromHours(48)) return $"{(int)d.TotalHours}h";
        if (d < TimeSpan.FromDays(8)) return d.Hours == 0 ? $"{(int)d.TotalDays}d" : $"{(int)d.TotalDays}d{d.Hours}h";
        if (d < TimeSpan.FromDays(365 * 2)) return $"{(int)d.TotalDays}d";
        return $"{(int)(d.TotalDays / 365)}y";
    }
}
