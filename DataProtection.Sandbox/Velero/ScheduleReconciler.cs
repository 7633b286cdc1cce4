using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// One pass over one Schedule, as Velero's scheduleReconciler does it: validate (phase Enabled or FailedValidation), honour
/// paused and skipImmediately, and create the Backup when due. Returns when the Schedule is next due, or null for never.
/// </summary>
internal sealed class ScheduleReconciler(KubeClient kube, VeleroOptions options, Action<JsonObject> remember)
{
    private static readonly string[] Unfinished = ["", "New", "Queued", "ReadyToStart", "InProgress"];

    private string Collection => $"apis/velero.io/v1/namespaces/{options.Namespace}/schedules";

    public async Task<DateTimeOffset?> ReconcileAsync(JsonObject schedule, CancellationToken ct)
    {
        var spec = schedule["spec"] as JsonObject ?? [];
        // Velero's event filter drops paused schedules before they reach the reconciler.
        if ((bool?)spec["paused"] == true)
            return null;
        var name = (string)schedule["metadata"]!["name"]!;
        var (cron, errors) = Validate(spec);
        var phase = errors.Count > 0 ? "FailedValidation" : "Enabled";
        if ((string?)schedule["status"]?["phase"] != phase)
        {
            var errorList = errors.Count > 0 ? new JsonArray(errors.Select(e => (JsonNode?)e).ToArray()) : null;
            schedule = await PatchAsync(name, new JsonObject { ["status"] = new JsonObject { ["phase"] = phase, ["validationErrors"] = errorList } }, ct);
        }
        if (cron is null)
            return null;
        var now = options.Time.GetUtcNow();
        if ((bool?)spec["skipImmediately"] == true)
        {
            // A one-time switch: Velero resets it and counts from the skip instead of running now.
            schedule = await PatchAsync(name, new JsonObject
            {
                ["spec"] = new JsonObject { ["skipImmediately"] = false },
                ["status"] = new JsonObject { ["lastSkipped"] = Timestamps.Format(now) },
            }, ct);
        }
        var last = new[] { Time(schedule["status"]?["lastBackup"]), Time(schedule["status"]?["lastSkipped"]) }.Max();
        var due = last is null ? now : cron.Next(last.Value);
        if (due is null || due > now)
            return due;
        if (await HasUnfinishedBackupAsync(name, ct))
            return null;
        var run = LatestRun(cron, due.Value, now);
        await CreateBackupAsync(schedule, run, ct);
        await PatchAsync(name, new JsonObject { ["status"] = new JsonObject { ["lastBackup"] = Timestamps.Format(run) } }, ct);
        return cron.Next(run);
    }

    private static (CronSchedule? Cron, List<string> Errors) Validate(JsonObject spec)
    {
        var errors = new List<string>();
        CronSchedule? cron = null;
        var text = (string?)spec["schedule"] ?? "";
        if (text.Length == 0)
            errors.Add("Schedule must be a non-empty valid Cron expression");
        else
        {
            try
            {
                cron = CronParser.Parse(text);
            }
            catch (FormatException e)
            {
                errors.Add($"invalid schedule: {e.Message}");
            }
        }
        errors.AddRange(new BackupFilter(spec["template"] as JsonObject ?? []).Errors);
        return (errors.Count > 0 ? null : cron, errors);
    }

    /// <summary>Velero does not catch up on missed runs: a late controller makes one backup, for the latest run time passed.</summary>
    private static DateTimeOffset LatestRun(CronSchedule cron, DateTimeOffset due, DateTimeOffset now)
    {
        for (var i = 0; i < 10_000 && cron.Next(due) is { } next && next <= now; i++)
            due = next;
        return due;
    }

    private async Task<bool> HasUnfinishedBackupAsync(string schedule, CancellationToken ct)
    {
        var selector = Uri.EscapeDataString($"velero.io/schedule-name={schedule}");
        var list = await kube.ListAsync($"apis/velero.io/v1/namespaces/{options.Namespace}/backups?labelSelector={selector}", ct);
        return (list["items"] as JsonArray ?? []).Any(b => Unfinished.Contains((string?)b?["status"]?["phase"] ?? ""));
    }

    /// <summary>The Backup's name is the run's idempotency key: if it exists already (409), this run was submitted before.</summary>
    private async Task CreateBackupAsync(JsonObject schedule, DateTimeOffset run, CancellationToken ct)
    {
        try
        {
            await kube.CreateAsync($"apis/velero.io/v1/namespaces/{options.Namespace}/backups", ScheduledBackup.From(schedule, run, options.Namespace), ct);
        }
        catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    private async Task<JsonObject> PatchAsync(string name, JsonObject patch, CancellationToken ct)
    {
        var patched = await kube.MergePatchAsync($"{Collection}/{name}", patch, ct);
        remember(patched);
        return patched;
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        (string?)node is { Length: > 0 } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;
}
