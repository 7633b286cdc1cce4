using System.Globalization;
using System.Text.RegularExpressions;

namespace DataProtection.Sandbox.Velero;

/// <summary>Go's time.Duration text form, as metav1.Duration fields carry it (<c>720h0m0s</c>).</summary>
internal static partial class GoDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text) || !Pattern().IsMatch(text))
            return false;
        foreach (Match part in Part().Matches(text))
        {
            var value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                _ => TimeSpan.Zero,
            };
        }
        return true;
    }

    public static string Format(TimeSpan duration) =>
        $"{(long)duration.TotalHours}h{duration.Minutes}m{duration.Seconds}s";

    [GeneratedRegex(@"^(\d+(\.\d+)?(h|ms|m|s))+$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s)")]
    private static partial Regex Part();
}
