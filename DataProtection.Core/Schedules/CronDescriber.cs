using System.Globalization;

namespace DataProtection.Core.Schedules;

/// <summary>
/// Words for a parsed schedule: the common shapes read naturally ("Every day at 02:00", "Every 6 hours", "At 09:30,
/// Monday through Friday"); anything else is spelled out field by field rather than guessed at.
/// </summary>
internal static class CronDescriber
{
    private static readonly string[] DayNames = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;
    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    public static string Describe(CronSpec spec)
    {
        var zone = spec.ZoneName is null or "" or "UTC" or "Local" ? "" : $" ({spec.ZoneName})";
        if (spec.Every is { } every)
            return "Every " + Interval(every);
        return Time(spec) + Days(spec) + Months(spec.Months) + zone;
    }

    private static string Time(CronSpec s)
    {
        var (minutes, hours) = (s.Minutes.Values, s.Hours.Values);
        var everyDay = s.Days.Star && s.Weekdays.Star;
        if (minutes.Count == 60 && hours.Count == 24)
            return "Every minute";
        if (Step(minutes, 60) is { } minuteStep && hours.Count == 24)
            return $"Every {minuteStep} minutes";
        if (minutes.Count == 1 && hours.Count == 24)
            return $"Every hour at minute {minutes[0]}";
        if (minutes.Count == 1 && Step(hours, 24) is { } hourStep)
            return $"Every {hourStep} hours" + (minutes[0] == 0 ? "" : $" at minute {minutes[0]}");
        if (minutes.Count * hours.Count <= 6)
        {
            var times = Join([.. hours.SelectMany(h => minutes.Select(m => $"{h:00}:{m:00}"))]);
            return everyDay ? "Every day at " + times : "At " + times;
        }
        var minutePart = minutes.Count == 60 ? "Every minute" : $"At minute {Ranges(minutes, v => v.ToString(CultureInfo.InvariantCulture))}";
        return minutePart + (hours.Count == 24 ? " of every hour" : $" past hour {Ranges(hours, v => v.ToString(CultureInfo.InvariantCulture))}");
    }

    private static string Days(CronSpec s)
    {
        var weekdays = s.Weekdays.Star ? "" : Weekdays(s.Weekdays.Values);
        var days = s.Days.Star ? "" : (s.Days.Values.Count == 1 ? "on day " : "on days ") + Ranges(s.Days.Values, v => v.ToString(CultureInfo.InvariantCulture)) + " of the month";
        return (days, weekdays) switch
        {
            ("", "") => "",
            ("", _) => weekdays.StartsWith("on ", StringComparison.Ordinal) ? " " + weekdays : ", " + weekdays,
            (_, "") => " " + days,
            // Velero runs on either when both are restricted.
            _ => $" {days}, and also {(weekdays.StartsWith("on ", StringComparison.Ordinal) ? weekdays : "on " + weekdays)}",
        };
    }

    private static string Weekdays(IReadOnlyList<int> values)
    {
        if (values.Count >= 3 && values[^1] - values[0] == values.Count - 1)
            return $"{DayNames[values[0]]} through {DayNames[values[^1]]}";
        return "on " + Join([.. values.Select(v => DayNames[v])]);
    }

    private static string Months(CronField months) =>
        months.Star || months.Values.Count == 12 ? "" : " in " + Ranges(months.Values, v => MonthNames[v - 1]);

    /// <summary>The step when the values are 0, k, 2k, … up to the field's end (k &gt; 1).</summary>
    private static int? Step(IReadOnlyList<int> values, int size)
    {
        if (values.Count < 2 || values[0] != 0)
            return null;
        var step = values[1];
        return step > 1 && values.Count == (size + step - 1) / step && values.Select((v, i) => v == i * step).All(x => x) ? step : null;
    }

    private static string Interval(TimeSpan every) => every switch
    {
        { TotalDays: >= 1 } when every.TotalDays % 1 == 0 => Unit((int)every.TotalDays, "day"),
        { TotalHours: >= 1 } when every.TotalHours % 1 == 0 => Unit((int)every.TotalHours, "hour"),
        { TotalMinutes: >= 1 } when every.TotalMinutes % 1 == 0 => Unit((int)every.TotalMinutes, "minute"),
        _ when every.TotalSeconds < 60 => Unit((int)every.TotalSeconds, "second"),
        _ => Backups.GoDuration.Format(every),
    };

    private static string Unit(int n, string unit) => n == 1 ? unit : $"{n} {unit}s";

    /// <summary>Consecutive runs of three or more as "a through b", the rest listed.</summary>
    private static string Ranges(IReadOnlyList<int> values, Func<int, string> name)
    {
        var parts = new List<string>();
        for (var i = 0; i < values.Count;)
        {
            var j = i;
            while (j + 1 < values.Count && values[j + 1] == values[j] + 1)
                j++;
            if (j - i >= 2)
                parts.Add($"{name(values[i])} through {name(values[j])}");
            else
                parts.AddRange(values.Skip(i).Take(j - i + 1).Select(name));
            i = j + 1;
        }
        return Join(parts);
    }

    private static string Join(IReadOnlyList<string> parts) =>
        parts.Count <= 1 ? string.Concat(parts) : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
}
