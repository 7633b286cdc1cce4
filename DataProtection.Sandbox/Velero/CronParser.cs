using System.Globalization;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// robfig/cron v3's ParseStandard, which Velero uses for Schedules: five fields, descriptors, <c>@every</c> and a
/// <c>TZ=</c>/<c>CRON_TZ=</c> prefix. Errors throw <see cref="FormatException"/> worded as robfig words them.
/// </summary>
internal static class CronParser
{
    private sealed record Bounds(uint Min, uint Max, IReadOnlyDictionary<string, uint>? Names = null);

    private static readonly Bounds Minutes = new(0, 59), Hours = new(0, 23), Dom = new(1, 31);
    private static readonly Bounds Months = new(1, 12, Named("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", 1));
    private static readonly Bounds Dow = new(0, 6, Named("sun", "mon", "tue", "wed", "thu", "fri", "sat", 0));

    public static CronSchedule Parse(string spec)
    {
        if (spec.Length == 0)
            throw new FormatException("empty spec string");
        var zone = TimeZoneInfo.Utc;
        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ');
            if (space < 0)
                throw new FormatException("runtime error: slice bounds out of range [:-1]");
            var name = spec[(spec.IndexOf('=') + 1)..space];
            zone = LoadLocation(name) ?? throw new FormatException($"provided bad location {name}: unknown time zone {name}");
            spec = spec[space..].Trim();
        }
        if (spec.StartsWith('@'))
            return Descriptor(spec, zone);
        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
            throw new FormatException($"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]");
        return new CronSchedule(Field(fields[0], Minutes), Field(fields[1], Hours), Field(fields[2], Dom), Field(fields[3], Months),
            Field(fields[4], Dow), zone);
    }

    /// <summary>Go's time.LoadLocation: empty or "UTC" is UTC, "Local" is the server's zone (UTC in Velero's image), else an IANA name.</summary>
    private static TimeZoneInfo? LoadLocation(string name)
    {
        if (name is "" or "UTC" or "Local")
            return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static CronSchedule Descriptor(string descriptor, TimeZoneInfo zone)
    {
        const string every = "@every ";
        if (descriptor.StartsWith(every, StringComparison.Ordinal))
        {
            try
            {
                return new CronSchedule(GoDuration.ParseGo(descriptor[every.Length..]));
            }
            catch (FormatException e)
            {
                throw new FormatException($"failed to parse duration {descriptor}: {e.Message}");
            }
        }
        return descriptor switch
        {
            "@yearly" or "@annually" => new CronSchedule(1, 1, 1UL << 1, 1UL << 1, Star(Dow), zone),
            "@monthly" => new CronSchedule(1, 1, 1UL << 1, Star(Months), Star(Dow), zone),
            "@weekly" => new CronSchedule(1, 1, Star(Dom), Star(Months), 1, zone),
            "@daily" or "@midnight" => new CronSchedule(1, 1, Star(Dom), Star(Months), Star(Dow), zone),
            "@hourly" => new CronSchedule(1, Star(Hours), Star(Dom), Star(Months), Star(Dow), zone),
            _ => throw new FormatException($"unrecognized descriptor: {descriptor}"),
        };
    }

    private static ulong Star(Bounds r) => Bits(r.Min, r.Max, 1) | CronSchedule.StarBit;

    private static ulong Field(string field, Bounds r) =>
        field.Split(',', StringSplitOptions.RemoveEmptyEntries).Aggregate(0UL, (bits, expr) => bits | Range(expr, r));

    private static ulong Range(string expr, Bounds r)
    {
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        uint start, end;
        var extra = 0UL;
        if (lowAndHigh[0] is "*" or "?")
            (start, end, extra) = (r.Min, r.Max, CronSchedule.StarBit);
        else
        {
            start = IntOrName(lowAndHigh[0], r.Names);
            end = lowAndHigh.Length switch
            {
                1 => start,
                2 => IntOrName(lowAndHigh[1], r.Names),
                _ => throw new FormatException($"too many hyphens: {expr}"),
            };
        }
        uint step = 1;
        if (rangeAndStep.Length == 2)
        {
            step = Int(rangeAndStep[1]);
            // robfig reads "N/step" as "N-max/step".
            if (lowAndHigh.Length == 1)
                end = r.Max;
            if (step > 1)
                extra = 0;
        }
        else if (rangeAndStep.Length > 2)
            throw new FormatException($"too many slashes: {expr}");
        if (start < r.Min)
            throw new FormatException($"beginning of range ({start}) below minimum ({r.Min}): {expr}");
        if (end > r.Max)
            throw new FormatException($"end of range ({end}) above maximum ({r.Max}): {expr}");
        if (start > end)
            throw new FormatException($"beginning of range ({start}) beyond end of range ({end}): {expr}");
        if (step == 0)
            throw new FormatException($"step of range should be a positive number: {expr}");
        return Bits(start, end, step) | extra;
    }

    private static ulong Bits(uint min, uint max, uint step)
    {
        var bits = 0UL;
        for (var i = min; i <= max; i += step)
            bits |= 1UL << (int)i;
        return bits;
    }

    private static uint IntOrName(string expr, IReadOnlyDictionary<string, uint>? names) =>
        names is not null && names.TryGetValue(expr.ToLowerInvariant(), out var named) ? named : Int(expr);

    /// <summary>Go's strconv.Atoi with robfig's wording; values past the field's maximum fail later as "above maximum".</summary>
    private static uint Int(string expr)
    {
        if (!long.TryParse(expr, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            var reason = expr.Length > 0 && expr.TrimStart('+', '-').All(char.IsAsciiDigit) ? "value out of range" : "invalid syntax";
            throw new FormatException($"failed to parse int from {expr}: strconv.Atoi: parsing \"{expr}\": {reason}");
        }
        if (number < 0)
            throw new FormatException($"negative number ({number}) not allowed: {number}");
        return (uint)Math.Min(number, uint.MaxValue);
    }

    private static Dictionary<string, uint> Named(params object[] namesThenFirst)
    {
        var first = (int)namesThenFirst[^1];
        return namesThenFirst[..^1].Select((n, i) => ((string)n, (uint)(i + first))).ToDictionary(p => p.Item1, p => p.Item2);
    }
}
