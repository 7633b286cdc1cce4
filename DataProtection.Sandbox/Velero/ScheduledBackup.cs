using System.Globalization;
using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>The Backup a Schedule submits, as Velero's BackupBuilder.FromSchedule builds it.</summary>
internal static class ScheduledBackup
{
    public const string ScheduleNameLabel = "velero.io/schedule-name";

    /// <summary>Velero's TimestampedName: <c>&lt;schedule&gt;-yyyyMMddHHmmss</c>, in UTC (the Velero image's zone).</summary>
    public static string Name(string schedule, DateTimeOffset run) =>
        $"{schedule}-{run.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";

    public static JsonObject From(JsonObject schedule, DateTimeOffset run, string ns)
    {
        var metadata = schedule["metadata"]!;
        var scheduleName = (string)metadata["name"]!;
        var template = (schedule["spec"]?["template"] as JsonObject)?.DeepClone() as JsonObject ?? [];
        // The template's labels win over the Schedule's own; either way the schedule-name label is added.
        var labels = (template["metadata"]?["labels"] as JsonObject ?? metadata["labels"] as JsonObject)?.DeepClone() as JsonObject ?? [];
        labels[ScheduleNameLabel] = scheduleName;
        var backupMetadata = new JsonObject { ["name"] = Name(scheduleName, run), ["namespace"] = ns, ["labels"] = labels };
        if (metadata["annotations"] is JsonObject annotations)
            backupMetadata["annotations"] = annotations.DeepClone();
        if ((bool?)schedule["spec"]?["useOwnerReferencesInBackup"] == true)
        {
            backupMetadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "velero.io/v1",
                ["kind"] = "Schedule",
                ["name"] = scheduleName,
                ["uid"] = (string?)metadata["uid"],
                ["controller"] = true,
            });
        }
        return new JsonObject { ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup", ["metadata"] = backupMetadata, ["spec"] = template };
    }
}
