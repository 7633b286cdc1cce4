using DataProtection.Core.Backups;

namespace DataProtection.Core.Schedules;

/// <summary>What the schedule wizard edits: a Velero Schedule's name, cron, per-backup template and whether it starts paused.</summary>
public sealed record ScheduleDraft(string Name, string Cron, BackupTemplate Template, bool Paused)
{
    /// <summary>Velero names each backup <c>&lt;schedule&gt;-yyyyMMddHHmmss</c>, which must still fit a 63-character label value.</summary>
    public const int MaxNameLength = 48;

    /// <summary>Throws <see cref="Common.ValidationException"/> naming the first bad field (<c>name</c>, <c>schedule</c>, or the template's).</summary>
    public void Validate()
    {
        BackupTemplateRules.CheckName("name", Name, MaxNameLength);
        CronText.Validate(Cron);
        (Template ?? throw new Common.ValidationException("template", "template: is required.")).Validate();
    }
}

/// <summary>A schedule as the edit wizard opens it: the list row, the draft to prefill, and the resourceVersion an update must carry.</summary>
public sealed record ScheduleDetails(ScheduleSummary Summary, ScheduleDraft Draft, string ResourceVersion, string Yaml);
