using System.Globalization;

namespace DataProtection.Sandbox.Velero;

/// <summary>metav1.Time: RFC 3339 in UTC with second precision.</summary>
internal static class Timestamps
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
