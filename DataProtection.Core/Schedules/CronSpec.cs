using System.Globalization;
using DataProtection.Core.Common;

namespace DataProtection.Core.Schedules;

/// <summary>
/// A cron expression as Velero reads it: robfig/cron v3's ParseStandard (five fields, month and weekday names, <c>?</c>,
/// descriptors, <c>@every</c>, a <c>TZ=</c>/<c>CRON_TZ=</c> prefix). Each field is a bit set; the star flag keeps robfig's
/// rule that day-of-month and day-of-week combine with OR only when both are restricted.
/// </summary>
internal sealed record CronSpec(TimeZoneInfo Zone, string? ZoneName, TimeSpan? Every, CronField Minutes, CronField Hours, CronField Days,
    CronField Months, CronField Weekdays)
{
    public const string Field = "schedule";

    private static readonly CronBounds MinuteBounds = new(0, 59), HourBounds = new(0, 23), DayBounds = new(1, 31);
    private static readonly CronBounds MonthBounds = new(1, 12, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]);
    private static readonly CronBounds WeekdayBounds = new(0, 6, ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]);

    /// <summary>Parses or throws <see cref="ValidationException"/> on <c>schedule</c> with robfig's reason, as Velero reports it.</summary>
    public static CronSpec Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ValidationException(Field, "schedule: is required (a cron expression such as '0 2 * * *', a descriptor such as @daily, or @every 6h).");
        }
        try
        {
            return ParseCore(text);
        }
        catch (FormatException e)
        {
            throw new ValidationException(Field, $"schedule: '{text}' is not a schedule Velero accepts (invalid schedule: {e.Message}). "
                + "Use five fields (minute hour day-of-month month day-of-week), a descriptor such as @daily, or @every 6h.");
        }
    }

    private static CronSpec ParseCore(string spec)
    {
        var (zone, zoneName) = (TimeZoneInfo.Utc, (string?)null);
        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ');
            if (space < 0)
                throw new FormatException("a time zone prefix must be followed by the schedule");
            zoneName = spec[(spec.IndexOf('=') + 1)..space];
            zone = LoadLocation(zoneName) ?? throw new FormatException($"provided bad location {zoneName}: unknown time zone {zoneName}");
            spec = spec[space..].Trim();
        }
        if (spec.StartsWith('@'))
            return Descriptor(spec, zone, zoneName);
        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
            throw new FormatException($"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]");
        return new CronSpec(zone, zoneName, null, Parse(fields[0], MinuteBounds), Parse(fields[1], HourBounds), Parse(fields[2], DayBounds),
            Parse(fields[3], MonthBounds), Parse(fields[4], WeekdayBounds));
    }

    // Go's time.LoadLocation: "" and "UTC" are UTC; "Local" is the Velero pod's zone, UTC in Velero's image.
    private static TimeZoneInfo? LoadLocation(string name)
    {
        if (name is "" or "UTC" or "Local")
            return TimeZoneInfo.Utc;
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : null;
    }

    private static CronSpec Descriptor(string descriptor, TimeZoneInfo zone, string? zoneName)
    {
        const string every = "@every ";
        if (descriptor.StartsWith(every, StringComparison.Ordinal))
        {
            var delay = GoTime.ParseDuration(descriptor[every.Length..], descriptor);
            // robfig's Every: whole seconds, at least one.
            delay = TimeSpan.FromSeconds(Math.Max(1, Math.Floor(delay.TotalSeconds)));
            var all = Star(MinuteBounds);
            return new CronSpec(zone, zoneName, delay, all, Star(HourBounds), Star(DayBounds), Star(MonthBounds), Star(WeekdayBounds));
        }
        CronField At(int value) => new(1UL << value, false);
        return descriptor switch
        {
            "@yearly" or "@annually" => new(zone, zoneName, null, At(0), At(0), At(1), At(1), Star(WeekdayBounds)),
            "@monthly" => new(zone, zoneName, null, At(0), At(0), At(1), Star(MonthBounds), Star(WeekdayBounds)),
            "@weekly" => new(zone, zoneName, null, At(0), At(0), Star(DayBounds), Star(MonthBounds), At(0)),
            "@daily" or "@midnight" => new(zone, zoneName, null, At(0), At(0), Star(DayBounds), Star(MonthBounds), Star(WeekdayBounds)),
            "@hourly" => new(zone, zoneName, null, At(0), Star(HourBounds), Star(DayBounds), Star(MonthBounds), Star(WeekdayBounds)),
            _ => throw new FormatException($"unrecognized descriptor: {descriptor}"),
        };
    }

    private static CronField Star(CronBounds b) => new(Bits(b.Min, b.Max, 1), true);

    private static CronField Parse(string field, CronBounds b)
    {
        var result = new CronField(0, false);
        foreach (var expr in field.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var range = Range(expr, b);
            result = new CronField(result.Bits | range.Bits, result.Star || range.Star);
        }
        return result;
    }

    private static CronField Range(string expr, CronBounds b)
    {
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        int start, end;
        var star = false;
        if (lowAndHigh[0] is "*" or "?")
            (start, end, star) = (b.Min, b.Max, true);
        else
        {
            start = IntOrName(lowAndHigh[0], b);
            end = lowAndHigh.Length switch
            {
                1 => start,
                2 => IntOrName(lowAndHigh[1], b),
                _ => throw new FormatException($"too many hyphens: {expr}"),
            };
        }
        var step = 1;
        if (rangeAndStep.Length == 2)
        {
            step = Int(rangeAndStep[1]);
            // robfig reads "N/step" as "N-max/step", and a step above one is no longer "every value".
            if (lowAndHigh.Length == 1)
                end = b.Max;
            star &= step <= 1;
        }
        else if (rangeAndStep.Length > 2)
            throw new FormatException($"too many slashes: {expr}");
        if (start < b.Min)
            throw new FormatException($"beginning of range ({start}) below minimum ({b.Min}): {expr}");
        if (end > b.Max)
            throw new FormatException($"end of range ({end}) above maximum ({b.Max}): {expr}");
        if (start > end)
            throw new FormatException($"beginning of range ({start}) beyond end of range ({end}): {expr}");
        if (step == 0)
            throw new FormatException($"step of range should be a positive number: {expr}");
        return new CronField(Bits(start, end, step), star);
    }

    private static ulong Bits(int min, int max, int step)
    {
        var bits = 0UL;
        for (long i = min; i <= max; i += step)
            bits |= 1UL << (int)i;
        return bits;
    }

    private static int IntOrName(string expr, CronBounds b)
    {
        var index = b.Names is null ? -1 : Array.IndexOf(b.Names, expr.ToLowerInvariant());
        return index >= 0 ? index + b.Min : Int(expr);
    }

    // Go's strconv.Atoi, worded as robfig words its failures.
    private static int Int(string expr)
    {
        if (!long.TryParse(expr, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            var reason = expr.Length > 0 && expr.TrimStart('+', '-').All(char.IsAsciiDigit) ? "value out of range" : "invalid syntax";
            throw new FormatException($"failed to parse int from {expr}: strconv.Atoi: parsing \"{expr}\": {reason}");
        }
        if (number < 0)
            throw new FormatException($"negative number ({number}) not allowed: {expr}");
        return (int)Math.Min(number, int.MaxValue);
    }
}

/// <summary>The values a field allows (bit i set = value i) and whether it was written as <c>*</c> or <c>?</c>.</summary>
internal sealed record CronField(ulong Bits, bool Star)
{
    public IReadOnlyList<int> Values => [.. Enumerable.Range(0, 64).Where(i => (Bits & (1UL << i)) != 0)];
}

internal sealed record CronBounds(int Min, int Max, string[]? Names = null);
