using System.Globalization;
using System.Text.RegularExpressions;

namespace DataProtection.Core.Schedules;

/// <summary>Go's time.ParseDuration (what robfig uses for <c>@every</c>), with Go's error wording.</summary>
internal static partial class GoTime
{
    public static TimeSpan ParseDuration(string text, string descriptor)
    {
        string Fail(string reason) => $"failed to parse duration {descriptor}: time: {reason}";
        if (text == "0" || text is "+0" or "-0")
            return TimeSpan.Zero;
        var match = Duration().Match(text);
        if (!match.Success)
        {
            var unit = UnknownUnit().Match(text);
            throw new FormatException(unit.Success && !Units.ContainsKey(unit.Groups["unit"].Value)
                ? Fail($"unknown unit \"{unit.Groups["unit"].Value}\" in duration \"{text}\"")
                : text.Length > 0 && text.TrimStart('+', '-').All(c => char.IsAsciiDigit(c) || c == '.')
                    ? Fail($"missing unit in duration \"{text}\"")
                    : Fail($"invalid duration \"{text}\""));
        }
        var ticks = 0.0;
        var numbers = match.Groups["number"].Captures;
        var units = match.Groups["unit"].Captures;
        for (var i = 0; i < numbers.Count; i++)
            ticks += double.Parse(numbers[i].Value, CultureInfo.InvariantCulture) * Units[units[i].Value];
        if (ticks > TimeSpan.MaxValue.Ticks / 2)
            throw new FormatException(Fail($"invalid duration \"{text}\""));
        return TimeSpan.FromTicks((long)(match.Groups["sign"].Value == "-" ? -ticks : ticks));
    }

    private static readonly Dictionary<string, double> Units = new()
    {
        ["ns"] = 0.01, ["us"] = 10, ["µs"] = 10, ["μs"] = 10, ["ms"] = TimeSpan.TicksPerMillisecond,
        ["s"] = TimeSpan.TicksPerSecond, ["m"] = TimeSpan.TicksPerMinute, ["h"] = TimeSpan.TicksPerHour,
    };

    [GeneratedRegex(@"^(?<sign>[-+]?)((?<number>\d+(\.\d*)?|\.\d+)(?<unit>ns|us|µs|μs|ms|s|m|h))+$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"(\d|\.)(?<unit>[^\d.]+)")]
    private static partial Regex UnknownUnit();
}
