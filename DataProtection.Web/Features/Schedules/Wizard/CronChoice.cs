using DataProtection.Core.Schedules;

namespace DataProtection.Web.Features.Schedules.Wizard;

public enum CronPreset
{
    Hourly,
    Daily,
    Weekly,
    Custom,
}

/// <summary>The cron step's state: a preset with its time, or the raw expression.</summary>
public sealed class CronChoice
{
    public CronPreset Preset { get; set; } = CronPreset.Daily;

    public int Minute { get; set; }

    public TimeSpan? Time { get; set; } = TimeSpan.FromHours(2);

    public DayOfWeek Day { get; set; } = DayOfWeek.Sunday;

    public string Custom { get; set; } = "";

    public string Cron => Preset switch
    {
        CronPreset.Hourly => CronText.Hourly(Math.Clamp(Minute, 0, 59)),
        CronPreset.Daily => CronText.DailyAt(TimeOnly.FromTimeSpan(Time ?? TimeSpan.Zero)),
        CronPreset.Weekly => CronText.WeeklyOn(Day, TimeOnly.FromTimeSpan(Time ?? TimeSpan.Zero)),
        _ => Custom.Trim(),
    };

    /// <summary>An existing schedule's cron opens as custom text, so it is shown exactly as stored.</summary>
    public static CronChoice From(string cron) => new() { Preset = CronPreset.Custom, Custom = cron };
}
