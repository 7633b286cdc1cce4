using System.Globalization;
using System.Text.RegularExpressions;
using DataProtection.Core.Common;

namespace DataProtection.Core.Backups;

/// <summary>
/// Durations as Velero writes and reads them (Go's <c>time.Duration</c>: <c>720h0m0s</c>), plus days (<c>30d</c>) for people.
/// </summary>
public static partial class GoDuration
{
    /// <summary>Go's Duration.String for whole seconds: <c>720h0m0s</c>, <c>30m0s</c>, <c>45s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        var seconds = (long)value.TotalSeconds;
        var (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        return h > 0 ? $"{h}h{m}m{s}s" : m > 0 ? $"{m}m{s}s" : $"{s}s";
    }

    /// <summary>Parses <c>30d</c>, <c>720h</c>, <c>1h30m</c>, <c>720h0m0s</c>; throws <see cref="ValidationException"/> naming <paramref name="field"/>.</summary>
    public static TimeSpan Parse(string? text, string field = "ttl")
    {
        var match = Pattern().Match(text?.Trim() ?? "");
        if (string.IsNullOrWhiteSpace(text) || !match.Success)
        {
            throw new ValidationException(field, $"{field}: '{text}' is not a duration; use days (30d) or Go's form (720h, 1h30m, 720h0m0s).");
        }
        var total = TimeSpan.Zero;
        try
        {
            foreach (Capture part in match.Groups["part"].Captures)
            {
                total += Part(part.Value);
            }
        }
        catch (Exception e) when (e is OverflowException or ArgumentException)
        {
            throw new ValidationException(field, $"{field}: '{text}' is too long a duration.");
        }
        return total;
    }

    private static TimeSpan Part(string part)
    {
        var unit = part.EndsWith("ms", StringComparison.Ordinal) ? "ms" : part[^1].ToString();
        var number = double.Parse(part[..^unit.Length], CultureInfo.InvariantCulture);
        return unit switch
        {
            "d" => TimeSpan.FromDays(number),
            "h" => TimeSpan.FromHours(number),
            "m" => TimeSpan.FromMinutes(number),
            "s" => TimeSpan.FromSeconds(number),
            _ => TimeSpan.FromMilliseconds(number),
        };
    }

    public static bool TryParse(string? text, out TimeSpan value)
    {
        try
        {
            value = Parse(text);
            return true;
        }
        catch (ValidationException)
        {
            value = default;
            return false;
        }
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|d|h|m|s))+$")]
    private static partial Regex Pattern();
}
