namespace DataProtection.Sandbox.KubeApi;

/// <summary>A recursive-descent parser with the lexer, grammar and error texts of labels.Parse.</summary>
internal sealed class LabelSelectorParser(string text)
{
    private const string Specials = "=!(),><";
    private static readonly string[] Operators = ["!=", "==", "=", "!", "(", ")", ",", ">", "<"];
    private readonly List<string?> _tokens = Lex(text);
    private int _position;

    public LabelSelector Parse()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var token = Peek();
            if (token is null)
                break;
            if (token != "!" && !IsIdentifier(token))
                throw Error(token, "!, identifier, or 'end of string'");
            requirements.Add(ParseRequirement());
            var next = Next();
            if (next is null)
                break;
            if (next != ",")
                throw Error(next, "',' or 'end of string'");
            var afterComma = Peek();
            if (afterComma != "!" && !IsIdentifier(afterComma))
                throw Error(afterComma, "identifier after ','");
        }
        return new LabelSelector(requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToList());
    }

    private LabelRequirement ParseRequirement()
    {
        var negated = Peek() == "!";
        if (negated)
            Next();
        var key = Next();
        if (!IsIdentifier(key))
            throw Error(key, "identifier");
        if (Names.QualifiedName(key!) is { } keyError)
            throw new FormatException($"unable to parse requirement: key: Invalid value: \"{key}\": {keyError}");
        if (negated)
            return new LabelRequirement(key!, "!", []);
        if (Peek() is null or ",")
            return new LabelRequirement(key!, "exists", []);
        var op = Next();
        if (op is not ("in" or "notin" or "=" or "==" or "!=" or ">" or "<"))
            throw Error(op, "[!= == = in notin > <]");
        var values = op is "in" or "notin" ? ParseValueSet() : [ParseExactValue()];
        foreach (var value in values)
            if (Names.LabelValue(value) is { } valueError)
                throw new FormatException($"unable to parse requirement: values[0][{key}]: Invalid value: \"{value}\": {valueError}");
        if (op is ">" or "<" && !long.TryParse(values[0], out _))
            throw new FormatException($"unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer: \"{values[0]}\"");
        return new LabelRequirement(key!, op, values);
    }

    private List<string> ParseValueSet()
    {
        var open = Next();
        if (open != "(")
            throw Error(open, "'('");
        var values = new List<string>();
        string? value = null;
        while (true)
        {
            var token = Next();
            switch (token)
            {
                case ")":
                    values.Add(value ?? "");
                    return values;
                case ",":
                    values.Add(value ?? "");
                    value = null;
                    break;
                default:
                    if (!IsIdentifier(token) || value is not null)
                        throw Error(token, "',', ')' or identifier");
                    value = token;
                    break;
            }
        }
    }

    private string ParseExactValue()
    {
        var token = Peek();
        if (token is null or ",")
            return "";
        Next();
        return IsIdentifier(token) ? token : throw Error(token, "identifier");
    }

    private string? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

    private string? Next() => _position < _tokens.Count ? _tokens[_position++] : null;

    private static bool IsIdentifier(string? token) => token is not null && !Operators.Contains(token);

    private static FormatException Error(string? found, string expected) =>
        new($"found '{found ?? ""}', expected: {expected}");

    private static List<string?> Lex(string text)
    {
        var tokens = new List<string?>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
                i++;
            else if (Specials.Contains(text[i]))
            {
                var op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0)
                    ?? throw new FormatException($"found '{text[i]}', expected: an operator");
                tokens.Add(op);
                i += op.Length;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && !Specials.Contains(text[i]))
                    i++;
                tokens.Add(text[start..i]);
            }
        }
        return tokens;
    }
}
