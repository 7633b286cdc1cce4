using System.Globalization;
using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// The sandbox has no volume data, so a volume's "size" stands in for what kopia would read: a PVC's requested storage,
/// an emptyDir's sizeLimit, or <see cref="Default"/> for any other kind.
/// </summary>
internal static class VolumeSize
{
    public const long Default = 64L << 20;

    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40), ("Pi", 1L << 50),
        ("k", 1e3m), ("M", 1e6m), ("G", 1e9m), ("T", 1e12m), ("P", 1e15m), ("m", 1e-3m),
    ];

    public static long Of(JsonObject volume, JsonObject? claim) =>
        Parse((string?)claim?["spec"]?["resources"]?["requests"]?["storage"])
        ?? Parse((string?)volume["emptyDir"]?["sizeLimit"])
        ?? Default;

    /// <summary>A Kubernetes quantity in bytes, or null when absent or malformed.</summary>
    public static long? Parse(string? quantity)
    {
        if (string.IsNullOrWhiteSpace(quantity))
            return null;
        var (number, factor) = Suffixes.Where(s => quantity.EndsWith(s.Suffix, StringComparison.Ordinal))
            .Select(s => (quantity[..^s.Suffix.Length], s.Factor)).FirstOrDefault((quantity, 1m));
        return decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? (long)Math.Ceiling(value * factor)
            : null;
    }
}
