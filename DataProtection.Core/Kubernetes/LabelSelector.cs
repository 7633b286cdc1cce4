namespace DataProtection.Core.Kubernetes;

public enum SelectorOperator
{
    Equals,
    DoubleEquals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}

/// <summary>One ANDed term of a selector, with Kubernetes' matching semantics (labels.Requirement.Matches).</summary>
public sealed record LabelRequirement(string Key, SelectorOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        string? value = null;
        var has = labels is not null && labels.TryGetValue(Key, out value);
        return Operator switch
        {
            SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.In => has && Values.Contains(value),
            // != and notin also match objects without the key.
            SelectorOperator.NotEquals or SelectorOperator.NotIn => !has || !Values.Contains(value),
            SelectorOperator.Exists => has,
            SelectorOperator.DoesNotExist => !has,
            SelectorOperator.GreaterThan => has && long.TryParse(value, out var g) && g > long.Parse(Values[0]),
            SelectorOperator.LessThan => has && long.TryParse(value, out var l) && l < long.Parse(Values[0]),
            _ => false,
        };
    }

    public override string ToString() => Operator switch
    {
        SelectorOperator.Exists => Key,
        SelectorOperator.DoesNotExist => "!" + Key,
        SelectorOperator.Equals => $"{Key}={Values[0]}",
        SelectorOperator.DoubleEquals => $"{Key}=={Values[0]}",
        SelectorOperator.NotEquals => $"{Key}!={Values[0]}",
        SelectorOperator.GreaterThan => $"{Key}>{Values[0]}",
        SelectorOperator.LessThan => $"{Key}<{Values[0]}",
        SelectorOperator.In => $"{Key} in ({string.Join(',', Values)})",
        _ => $"{Key} notin ({string.Join(',', Values)})",
    };
}

/// <summary>
/// A parsed Kubernetes label selector (the full <c>labels.Parse</c> grammar). Validated here so a typo is explained with
/// its position before anything is sent to a cluster; <see cref="ToString"/> is the canonical form sent as <c>labelSelector</c>.
/// </summary>
public sealed class LabelSelector
{
    public static readonly LabelSelector Everything = new([]);

    internal LabelSelector(IReadOnlyList<LabelRequirement> requirements) =>
        Requirements = requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();

    public IReadOnlyList<LabelRequirement> Requirements { get; }

    public bool IsEmpty => Requirements.Count == 0;

    /// <summary>Throws <see cref="LabelSelectorException"/> naming the position and the offending token.</summary>
    public static LabelSelector Parse(string? text) => string.IsNullOrWhiteSpace(text) ? Everything : new LabelSelectorParser(text).Parse();

    public static bool TryParse(string? text, out LabelSelector selector, out string? error)
    {
        try
        {
            (selector, error) = (Parse(text), null);
            return true;
        }
        catch (LabelSelectorException ex)
        {
            (selector, error) = (Everything, ex.Message);
            return false;
        }
    }

    public bool Matches(IReadOnlyDictionary<string, string>? labels) => Requirements.All(r => r.Matches(labels));

    public override string ToString() => string.Join(',', Requirements);
}

public sealed class LabelSelectorException(int position, string detail) : Exception($"labelSelector: at position {position}: {detail}")
{
    /// <summary>1-based character position of the offending token.</summary>
    public int Position { get; } = position;
}
