namespace DataProtection.Web.Features.Backups;

/// <summary>How the backup pages write durations, countdowns and sizes.</summary>
internal static class BackupText
{
    public static string Duration(DateTime? started, DateTime? completed, DateTime now) => started is { } s
        ? Span((completed ?? now) - s) + (completed is null ? " so far" : "")
        : "–";

    public static string Expiry(DateTime? expires, DateTime now) => expires switch
    {
        null => "–",
        { } e when e <= now => "expired",
        { } e => "in " + Span(e - now),
    };

    public static string Size(long? bytes) => bytes switch
    {
        null => "–",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.#} MiB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.##} GiB",
    };

    public static string Span(TimeSpan span) => span switch
    {
        { TotalSeconds: < 60 } => $"{Math.Max(0, (int)span.TotalSeconds)} s",
        { TotalMinutes: < 60 } => $"{(int)span.TotalMinutes} min {span.Seconds} s",
        { TotalHours: < 24 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => $"{(int)span.TotalDays} d {span.Hours} h",
    };
}
