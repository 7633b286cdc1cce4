using System.Text.Json.Nodes;
using DataProtection.Core.Backups;

namespace DataProtection.Core.Schedules;

/// <summary>Writes a <see cref="ScheduleDraft"/> as Velero's Schedule (velero.io/v1), as YAML and as the equivalent <c>velero schedule create</c>.</summary>
public static class ScheduleWriter
{
    public static JsonObject Schedule(ScheduleDraft draft, string veleroNamespace) => new()
    {
        ["apiVersion"] = "velero.io/v1",
        ["kind"] = "Schedule",
        ["metadata"] = new JsonObject { ["name"] = draft.Name, ["namespace"] = veleroNamespace },
        ["spec"] = Spec(draft),
    };

    /// <summary>The spec; <c>template</c> is exactly the Backup spec a one-off backup with the same template gets.</summary>
    public static JsonObject Spec(ScheduleDraft draft) => new()
    {
        ["schedule"] = draft.Cron,
        ["paused"] = draft.Paused,
        ["template"] = BackupSpecWriter.Spec(draft.Template),
        // As the velero CLI's default: a schedule's backups outlive the schedule unless deleted on purpose.
        ["useOwnerReferencesInBackup"] = false,
    };

    public static string Yaml(JsonObject schedule) => BackupSpecWriter.Yaml(schedule);

    public static string Command(ScheduleDraft draft, string veleroNamespace) =>
        string.Join(" ", ["velero", "schedule", "create", BackupSpecWriter.Quote(draft.Name), "--schedule", "'" + draft.Cron.Replace("'", "'\\''", StringComparison.Ordinal) + "'",
            .. draft.Paused ? ["--paused"] : Array.Empty<string>(), .. BackupSpecWriter.Flags(draft.Template), "--namespace", BackupSpecWriter.Quote(veleroNamespace)]);
}
