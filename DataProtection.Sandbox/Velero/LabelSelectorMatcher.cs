using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>A metav1.LabelSelector in its JSON form, checked as LabelSelectorAsSelector checks it.</summary>
internal sealed record LabelSelectorMatcher(IReadOnlyList<Func<IReadOnlyDictionary<string, string>, bool>> Requirements)
{
    public static readonly LabelSelectorMatcher Everything = new([]);

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r(labels));

    /// <summary>Parses the selector, or throws <see cref="FormatException"/> with the reason it is invalid.</summary>
    public static LabelSelectorMatcher Parse(JsonNode? selector)
    {
        if (selector is not JsonObject o)
            return Everything;
        var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var (key, value) in o["matchLabels"] as JsonObject ?? [])
        {
            var expected = (string?)value ?? "";
            requirements.Add(labels => labels.TryGetValue(key, out var actual) && actual == expected);
        }
        foreach (var expression in (o["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = (string?)expression["key"] ?? "";
            var op = (string?)expression["operator"] ?? "";
            var values = (expression["values"] as JsonArray ?? []).Select(v => (string?)v ?? "").ToHashSet();
            requirements.Add(op switch
            {
                "In" when values.Count > 0 => labels => labels.TryGetValue(key, out var v) && values.Contains(v),
                "NotIn" when values.Count > 0 => labels => !labels.TryGetValue(key, out var v) || !values.Contains(v),
                "Exists" when values.Count == 0 => labels => labels.ContainsKey(key),
                "DoesNotExist" when values.Count == 0 => labels => !labels.ContainsKey(key),
                "In" or "NotIn" => throw new FormatException($"values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"),
                "Exists" or "DoesNotExist" => throw new FormatException($"values: Invalid value: {values.Count}: values set must be empty for exists and does not exist"),
                _ => throw new FormatException($"\"{op}\" is not a valid label selector operator"),
            });
        }
        return new LabelSelectorMatcher(requirements);
    }
}
