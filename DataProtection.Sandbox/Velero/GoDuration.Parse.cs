using System.Globalization;

namespace DataProtection.Sandbox.Velero;

internal static partial class GoDuration
{
    private static readonly Dictionary<string, double> UnitTicks = new()
    {
        ["ns"] = 0.01, ["us"] = 10, ["µs"] = 10, ["μs"] = 10, ["ms"] = TimeSpan.TicksPerMillisecond,
        ["s"] = TimeSpan.TicksPerSecond, ["m"] = TimeSpan.TicksPerMinute, ["h"] = TimeSpan.TicksPerHour,
    };

    /// <summary>Go's time.ParseDuration (<c>[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+</c>), throwing <see cref="FormatException"/> with Go's message.</summary>
    public static TimeSpan ParseGo(string text)
    {
        var s = text;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
            (negative, s) = (s[0] == '-', s[1..]);
        if (s == "0")
            return TimeSpan.Zero;
        if (s.Length == 0)
            throw Invalid(text);
        double ticks = 0;
        while (s.Length > 0)
        {
            var number = 0;
            while (number < s.Length && (char.IsAsciiDigit(s[number]) || s[number] == '.'))
                number++;
            var digits = s[..number];
            if (digits.Count(c => c == '.') > 1 || digits is "" or "." )
                throw Invalid(text);
            var unit = number;
            while (unit < s.Length && !char.IsAsciiDigit(s[unit]) && s[unit] != '.')
                unit++;
            if (unit == number)
                throw new FormatException($"time: missing unit in duration \"{text}\"");
            var name = s[number..unit];
            if (!UnitTicks.TryGetValue(name, out var perUnit))
                throw new FormatException($"time: unknown unit \"{name}\" in duration \"{text}\"");
            ticks += double.Parse(digits.EndsWith('.') ? digits + "0" : digits, CultureInfo.InvariantCulture) * perUnit;
            s = s[unit..];
        }
        return TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
    }

    private static FormatException Invalid(string text) => new($"time: invalid duration \"{text}\"");
}
