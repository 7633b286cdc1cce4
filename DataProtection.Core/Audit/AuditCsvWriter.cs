using System.Globalization;

namespace DataProtection.Core.Audit;

public static class AuditCsvWriter
{
    private static readonly string[] Header =
        ["id", "time_utc", "actor", "role", "source", "action", "cluster", "kind", "namespace", "name", "parameters", "outcome", "error", "hash"];

    public static async Task WriteAsync(IAsyncEnumerable<AuditEntry> entries, TextWriter writer, CancellationToken cancellationToken)
    {
        await writer.WriteLineAsync(string.Join(',', Header));
        await foreach (var e in entries.WithCancellation(cancellationToken))
        {
            string?[] cells =
            [
                e.Id.ToString(CultureInfo.InvariantCulture), e.TimeUtc.ToString("O", CultureInfo.InvariantCulture),
                e.Actor, e.ActorRole, e.Source, e.Action, e.TargetCluster, e.TargetKind, e.TargetNamespace, e.TargetName,
                e.Parameters, e.Outcome.ToString(), e.Error, e.Hash,
            ];
            await writer.WriteLineAsync(string.Join(',', cells.Select(Escape)));
        }
    }

    internal static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // A leading = + - @ would be run as a formula by spreadsheet programs.
        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
