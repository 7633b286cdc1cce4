using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

internal sealed record LabelRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    public bool Matches(JsonObject? labels)
    {
        var has = labels is not null && labels.TryGetPropertyValue(Key, out _);
        var value = has ? (string?)labels![Key] ?? "" : null;
        return Operator switch
        {
            "exists" => has,
            "!" => !has,
            "=" or "==" => has && value == Values[0],
            "!=" => !has || value != Values[0],
            "in" => has && Values.Contains(value!),
            "notin" => !has || !Values.Contains(value!),
            ">" => has && long.TryParse(value, out var gt) && gt > long.Parse(Values[0]),
            "<" => has && long.TryParse(value, out var lt) && lt < long.Parse(Values[0]),
            _ => false,
        };
    }
}

/// <summary>A parsed label selector: every requirement must match (k8s.io/apimachinery labels.Parse).</summary>
internal sealed class LabelSelector(IReadOnlyList<LabelRequirement> requirements)
{
    public static readonly LabelSelector Everything = new([]);

    public IReadOnlyList<LabelRequirement> Requirements { get; } = requirements;

    public bool Matches(JsonObject? labels) => Requirements.All(r => r.Matches(labels));

    /// <summary>Parses the selector; a syntax or value error throws <see cref="FormatException"/> naming what was found.</summary>
    public static LabelSelector Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Everything : new LabelSelectorParser(text).Parse();
}
