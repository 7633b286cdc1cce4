using Cronos;

namespace DataProtection.Core.Schedules;

/// <summary>
/// Cron expressions for Velero Schedules: validated as Velero parses them, described in words, the next runs computed
/// (Cronos, in the expression's <c>TZ=</c> zone, returned in UTC), and the wizard's presets.
/// </summary>
public static class CronText
{
    /// <summary>Throws <see cref="Common.ValidationException"/> on field <c>schedule</c> when Velero would mark the Schedule FailedValidation.</summary>
    public static void Validate(string? cron) => CronSpec.Parse(cron);

    /// <summary>A sentence such as "Every day at 02:00" or "At 09:30, Monday through Friday"; throws like <see cref="Validate"/>.</summary>
    public static string Describe(string? cron) => CronDescriber.Describe(CronSpec.Parse(cron));

    /// <summary>The next <paramref name="count"/> runs strictly after <paramref name="from"/>, in UTC.</summary>
    public static IReadOnlyList<DateTimeOffset> NextRuns(string? cron, DateTimeOffset from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var spec = CronSpec.Parse(cron);
        if (spec.Every is { } every)
        {
            // robfig's ConstantDelaySchedule: whole seconds after the given time, each run one delay after the last.
            var start = from.ToUniversalTime();
            start = start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond));
            return [.. Enumerable.Range(1, count).Select(i => start + every * i)];
        }
        // robfig ORs day-of-month and day-of-week when both are restricted; two Cronos expressions merged give exactly that.
        var expressions = spec.Days.Star || spec.Weekdays.Star
            ? [Expression(spec, spec.Days, spec.Weekdays)]
            : new[] { Expression(spec, spec.Days, null), Expression(spec, null, spec.Weekdays) };
        var runs = new SortedSet<DateTimeOffset>();
        foreach (var expression in expressions)
        {
            var at = from;
            for (var i = 0; i < count && expression.GetNextOccurrence(at, spec.Zone) is { } next; i++)
            {
                runs.Add(next.ToUniversalTime());
                at = next;
            }
        }
        return [.. runs.Take(count)];
    }

    public static string Hourly(int minute)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minute);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minute, 59);
        return $"{minute} * * * *";
    }

    public static string DailyAt(TimeOnly time) => $"{time.Minute} {time.Hour} * * *";

    public static string WeeklyOn(DayOfWeek day, TimeOnly time) => $"{time.Minute} {time.Hour} * * {(int)day}";

    private static CronExpression Expression(CronSpec spec, CronField? days, CronField? weekdays) =>
        CronExpression.Parse(string.Join(' ', List(spec.Minutes), List(spec.Hours), List(days), List(spec.Months), List(weekdays)), CronFormat.Standard);

    private static string List(CronField? field) => field is null || field.Star ? "*" : string.Join(',', field.Values);
}
