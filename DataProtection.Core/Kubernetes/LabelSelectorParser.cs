namespace DataProtection.Core.Kubernetes;

/// <summary>Lexer and recursive-descent parser for the grammar of apimachinery's <c>labels.Parse</c>.</summary>
internal sealed class LabelSelectorParser(string text)
{
    private enum Kind { End, Identifier, Comma, Not, Equals, DoubleEquals, NotEquals, Open, Close, Greater, Less, In, NotIn }

    private readonly record struct Token(Kind Kind, string Text, int Position)
    {
        public string Describe => Kind == Kind.End ? "end of string" : $"'{Text}'";

        // "in" and "notin" are identifiers wherever a value is expected, so `x in (in)` is valid.
        public bool IsValue => Kind is Kind.Identifier or Kind.In or Kind.NotIn;
    }

    private const string Special = "=!(),><";
    private readonly List<Token> _tokens = Lex(text);
    private int _next;

    public LabelSelector Parse()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            requirements.Add(ParseRequirement());
            var separator = Take();
            if (separator.Kind == Kind.End)
            {
                return new LabelSelector(requirements);
            }
            if (separator.Kind != Kind.Comma)
            {
                throw Error(separator, $"expected ',' or end of string, found {separator.Describe}");
            }
        }
    }

    private LabelRequirement ParseRequirement()
    {
        var first = Take();
        if (first.Kind == Kind.Not)
        {
            var negated = ExpectKey(Take());
            return new LabelRequirement(negated, SelectorOperator.DoesNotExist, []);
        }
        var key = ExpectKey(first);
        var op = Peek();
        if (op.Kind is Kind.End or Kind.Comma)
        {
            return new LabelRequirement(key, SelectorOperator.Exists, []);
        }
        Take();
        return op.Kind switch
        {
            Kind.In => new LabelRequirement(key, SelectorOperator.In, ParseValueSet()),
            Kind.NotIn => new LabelRequirement(key, SelectorOperator.NotIn, ParseValueSet()),
            Kind.Equals => new LabelRequirement(key, SelectorOperator.Equals, [ParseExactValue()]),
            Kind.DoubleEquals => new LabelRequirement(key, SelectorOperator.DoubleEquals, [ParseExactValue()]),
            Kind.NotEquals => new LabelRequirement(key, SelectorOperator.NotEquals, [ParseExactValue()]),
            Kind.Greater => new LabelRequirement(key, SelectorOperator.GreaterThan, [ParseInteger()]),
            Kind.Less => new LabelRequirement(key, SelectorOperator.LessThan, [ParseInteger()]),
            _ => throw Error(op, $"expected one of 'in', 'notin', '=', '==', '!=', '>', '<', ',' or end of string after key '{key}', found {op.Describe}"),
        };
    }

    private string ExpectKey(Token token)
    {
        if (token.Kind != Kind.Identifier)
        {
            throw Error(token, $"expected a label key, found {token.Describe}");
        }
        return LabelRules.CheckKey(token.Text) is { } problem ? throw Error(token, problem) : token.Text;
    }

    private string ParseExactValue()
    {
        var token = Peek();
        if (token.Kind is Kind.End or Kind.Comma)
        {
            return "";
        }
        Take();
        return token.IsValue ? CheckValue(token) : throw Error(token, $"expected a label value, found {token.Describe}");
    }

    private string ParseInteger()
    {
        var token = Take();
        if (!token.IsValue || !long.TryParse(token.Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw Error(token, $"'>' and '<' need one integer value, found {token.Describe}");
        }
        return token.Text;
    }

    private List<string> ParseValueSet()
    {
        var open = Take();
        if (open.Kind != Kind.Open)
        {
            throw Error(open, $"expected '(' to start the set of values, found {open.Describe}");
        }
        var values = new List<string>();
        var expectValue = true;
        while (true)
        {
            var token = Take();
            switch (token.Kind)
            {
                case Kind.Close:
                    if (expectValue)
                    {
                        values.Add("");
                    }
                    return values;
                case Kind.Comma:
                    if (expectValue)
                    {
                        values.Add("");
                    }
                    expectValue = true;
                    break;
                case var _ when token.IsValue && expectValue:
                    values.Add(CheckValue(token));
                    expectValue = false;
                    break;
                default:
                    throw Error(token, $"expected a value, ',' or ')' in the set of values, found {token.Describe}");
            }
        }
    }

    private string CheckValue(Token token) => LabelRules.CheckValue(token.Text) is { } problem ? throw Error(token, problem) : token.Text;

    private Token Peek() => _tokens[Math.Min(_next, _tokens.Count - 1)];

    private Token Take() => _tokens[Math.Min(_next++, _tokens.Count - 1)];

    private static LabelSelectorException Error(Token token, string detail) => new(token.Position, detail);

    private static List<Token> Lex(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                i++;
                continue;
            }
            var start = i;
            if (Special.Contains(c))
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
                var (kind, length) = two switch
                {
                    "==" => (Kind.DoubleEquals, 2),
                    "!=" => (Kind.NotEquals, 2),
                    _ => c switch
                    {
                        '=' => (Kind.Equals, 1),
                        '!' => (Kind.Not, 1),
                        '(' => (Kind.Open, 1),
                        ')' => (Kind.Close, 1),
                        ',' => (Kind.Comma, 1),
                        '>' => (Kind.Greater, 1),
                        _ => (Kind.Less, 1),
                    },
                };
                tokens.Add(new Token(kind, text.Substring(i, length), start + 1));
                i += length;
                continue;
            }
            while (i < text.Length && !Special.Contains(text[i]) && text[i] is not (' ' or '\t' or '\r' or '\n'))
            {
                i++;
            }
            var word = text[start..i];
            tokens.Add(new Token(word switch { "in" => Kind.In, "notin" => Kind.NotIn, _ => Kind.Identifier }, word, start + 1));
        }
        tokens.Add(new Token(Kind.End, "", text.Length + 1));
        return tokens;
    }
}
