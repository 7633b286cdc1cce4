namespace DataProtection.Sandbox.Velero;

/// <summary>
/// A parsed robfig/cron v3 schedule: minute, hour, day-of-month, month and day-of-week bit sets in a time zone, or a constant
/// delay (<c>@every</c>). Next mirrors robfig's: the first whole minute strictly after the given time, day-of-month and
/// day-of-week combined with OR unless either field was <c>*</c>.
/// </summary>
internal sealed class CronSchedule
{
    public const ulong StarBit = 1UL << 63;

    private readonly ulong _minute, _hour, _dom, _month, _dow;
    private readonly TimeSpan? _every;
    private readonly TimeZoneInfo _zone;

    public CronSchedule(ulong minute, ulong hour, ulong dom, ulong month, ulong dow, TimeZoneInfo zone)
    {
        (_minute, _hour, _dom, _month, _dow, _zone) = (minute, hour, dom, month, dow, zone);
    }

    /// <summary>robfig's Every: shorter than a second becomes a second, and fractions of a second are dropped.</summary>
    public CronSchedule(TimeSpan every)
    {
        _every = every < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(Math.Floor(every.TotalSeconds));
        _zone = TimeZoneInfo.Utc;
    }

    /// <summary>The first activation after <paramref name="after"/>, or null when none falls within five years (robfig's zero time).</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        if (_every is { } every)
            return after.AddTicks(-(after.Ticks % TimeSpan.TicksPerSecond)) + every;
        var local = TimeZoneInfo.ConvertTime(after, _zone);
        var wall = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var limit = wall.AddYears(5);
        while (wall < limit)
        {
            if (!Has(_month, wall.Month))
                wall = new DateTime(wall.Year, wall.Month, 1).AddMonths(1);
            else if (!DayMatches(wall))
                wall = wall.Date.AddDays(1);
            else if (!Has(_hour, wall.Hour))
                wall = wall.Date.AddHours(wall.Hour + 1);
            else if (!Has(_minute, wall.Minute) || _zone.IsInvalidTime(wall))
                wall = wall.AddMinutes(1);
            else
            {
                var result = new DateTimeOffset(wall, _zone.GetUtcOffset(wall));
                if (result > after)
                    return result;
                wall = wall.AddMinutes(1);
            }
        }
        return null;
    }

    private bool DayMatches(DateTime day)
    {
        var domMatch = Has(_dom, day.Day);
        var dowMatch = Has(_dow, (int)day.DayOfWeek);
        return (_dom & StarBit) != 0 || (_dow & StarBit) != 0 ? domMatch && dowMatch : domMatch || dowMatch;
    }

    private static bool Has(ulong bits, int value) => (bits & (1UL << value)) != 0;
}
