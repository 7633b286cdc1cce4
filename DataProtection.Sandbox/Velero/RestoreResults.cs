using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's results.Result, one for warnings and one for errors: velero-wide, cluster-scoped (no namespace) or per namespace.</summary>
internal sealed class RestoreResults
{
    private readonly JsonObject _errors = [], _warnings = [];

    public int ErrorCount { get; private set; }

    public int WarningCount { get; private set; }

    public void VeleroError(string message)
    {
        Add(_errors, "velero", null, message);
        ErrorCount++;
    }

    public void Error(string ns, string message)
    {
        Add(_errors, ns.Length == 0 ? "cluster" : "namespaces", ns, message);
        ErrorCount++;
    }

    public void Warning(string ns, string message)
    {
        Add(_warnings, ns.Length == 0 ? "cluster" : "namespaces", ns, message);
        WarningCount++;
    }

    public IEnumerable<(string Level, string Message)> Messages() =>
        Lines(_errors, "error", "Velero restore error", "Cluster resource restore error", "resource restore error")
            .Concat(Lines(_warnings, "warning", "Velero restore warning", "Cluster resource restore warning", "resource restore warning"));

    public JsonObject ToJson() => new() { ["errors"] = _errors.DeepClone(), ["warnings"] = _warnings.DeepClone() };

    private static IEnumerable<(string, string)> Lines(JsonObject result, string level, string velero, string cluster, string namespaced)
    {
        foreach (var m in result["velero"] as JsonArray ?? [])
            yield return (level, $"{velero}: {m}");
        foreach (var m in result["cluster"] as JsonArray ?? [])
            yield return (level, $"{cluster}: {m}");
        foreach (var (ns, messages) in result["namespaces"] as JsonObject ?? [])
            foreach (var m in messages as JsonArray ?? [])
                yield return (level, $"Namespace {ns}, {namespaced}: {m}");
    }

    private static void Add(JsonObject result, string group, string? ns, string message)
    {
        var parent = group == "namespaces" ? (JsonObject)(result["namespaces"] ??= new JsonObject()) : result;
        var list = (JsonArray)(parent[group == "namespaces" ? ns! : group] ??= new JsonArray());
        list.Add(message);
    }
}
