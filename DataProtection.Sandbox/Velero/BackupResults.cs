using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's results.Result pair: messages grouped as velero, cluster or per namespace. Warnings do not fail a backup.</summary>
internal sealed class BackupResults
{
    private readonly JsonObject _errors = [];
    private readonly JsonObject _warnings = [];

    public int ErrorCount { get; private set; }

    public int WarningCount { get; private set; }

    public void AddWarning(string? ns, string message)
    {
        Add(_warnings, ns, message);
        WarningCount++;
    }

    public void AddError(string? ns, string message)
    {
        Add(_errors, ns, message);
        ErrorCount++;
    }

    /// <summary>An error with no namespace or cluster scope, kept under "velero" (Velero's AddVeleroError).</summary>
    public void AddVeleroError(string message)
    {
        var list = (JsonArray)(_errors["velero"] ??= new JsonArray());
        list.Add(message);
        ErrorCount++;
    }

    public JsonObject ToJson() => new() { ["errors"] = _errors.DeepClone(), ["warnings"] = _warnings.DeepClone() };

    private static void Add(JsonObject result, string? ns, string message)
    {
        var parent = ns is null ? result : (JsonObject)(result["namespaces"] ??= new JsonObject());
        var list = (JsonArray)(parent[ns ?? "cluster"] ??= new JsonArray());
        list.Add(message);
    }
}
