using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>Field selectors: comma-separated <c>path=value</c>, <c>path==value</c> or <c>path!=value</c> on dotted JSON paths.</summary>
internal sealed class FieldSelector(IReadOnlyList<(string Path, bool Equal, string Value)> requirements)
{
    public static readonly FieldSelector Everything = new([]);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Everything;
        var requirements = new List<(string, bool, string)>();
        foreach (var part in text.Split(','))
        {
            var (index, length, equal) = part.IndexOf("!=", StringComparison.Ordinal) is >= 0 and var ne ? (ne, 2, false)
                : part.IndexOf("==", StringComparison.Ordinal) is >= 0 and var eq ? (eq, 2, true)
                : (part.IndexOf('='), 1, true);
            if (index <= 0)
                throw new FormatException($"invalid selector: '{text}'; can't understand '{part}'");
            requirements.Add((part[..index].Trim(), equal, part[(index + length)..].Trim()));
        }
        return new FieldSelector(requirements);
    }

    public bool Matches(JsonObject obj) =>
        requirements.All(r => (Lookup(obj, r.Path) == r.Value) == r.Equal);

    private static string Lookup(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var segment in path.Split('.'))
            node = node is JsonObject o ? o[segment] : null;
        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
