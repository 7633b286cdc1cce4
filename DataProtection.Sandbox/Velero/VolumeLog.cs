namespace DataProtection.Sandbox.Velero;

/// <summary>
/// Log lines about a pod's volumes, counted into the results as Velero's log counter hook does: warnings and errors carry
/// the item's resource and name, and land under the item's namespace.
/// </summary>
internal sealed class VolumeLog(BackupLog log, BackupResults results)
{
    public void Info(string message) => log.Info(message);

    public void Warn(string ns, string pod, string message, string? error = null)
    {
        log.Warn(message, "pods", error);
        results.AddWarning(ns, Entry(pod, message, error));
    }

    public void Error(string? ns, string? pod, string message, string? error = null)
    {
        log.Error(message, pod is null ? null : "pods", error);
        results.AddError(ns, pod is null ? $" message: /{message}{(error is null ? "" : $" error: /{error}")}" : Entry(pod, message, error));
    }

    private static string Entry(string pod, string message, string? error) =>
        $" resource: /pods name: /{pod} message: /{message}{(error is null ? "" : $" error: /{error}")}";
}
