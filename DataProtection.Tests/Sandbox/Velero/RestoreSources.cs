using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using k8s;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Backups a restore can name without running them: written straight into the cluster with the phase and labels a test needs.</summary>
public sealed class RestoreSources(VeleroFixture velero)
{
    /// <summary>
    /// A Backup object with a final status and no files; the backup controller leaves it alone, and without a storage-location label
    /// backup sync does not remove it either.
    /// </summary>
    public async Task<string> CreateBackupObjectAsync(string? schedule, string phase, DateTimeOffset started, string location = "default")
    {
        var name = $"b-{Guid.NewGuid().ToString("N")[..10]}";
        var metadata = new JsonObject { ["name"] = name };
        var timestamp = started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        if (schedule is not null)
            metadata["labels"] = new JsonObject { ["velero.io/schedule-name"] = schedule };
        var backup = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Backup",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["storageLocation"] = location },
            ["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["startTimestamp"] = timestamp,
                ["completionTimestamp"] = timestamp,
            },
        };
        await velero.Client.CustomObjects.CreateNamespacedCustomObjectAsync(backup, "velero.io", "v1", VeleroFixture.Namespace, "backups").DefaultTimeout();
        return name;
    }
}
