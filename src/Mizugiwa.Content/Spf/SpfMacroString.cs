using System.Text;

namespace Mizugiwa.Content.Spf;

/// <summary>
/// A parsed macro-string (RFC 7208 §7.1): literal text and %{letter digits r delimiters} expansions.
/// Parsing checks the grammar, so a record with a bad macro is a permerror before any lookup.
/// </summary>
public sealed class SpfMacroString
{
    private const string DomainLetters = "sloipvhd";
    private const string ExplanationOnlyLetters = "crt";
    private const string Delimiters = ".-+,/_=";

    private SpfMacroString(string text, IReadOnlyList<Token> tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    /// <summary>The string as written.</summary>
    public string Text { get; }

    internal IReadOnlyList<Token> Tokens { get; }

    /// <summary>Whether expanding it needs the letter (e.g. 'p' needs PTR lookups first).</summary>
    public bool Uses(char letter) => Tokens.Any(t => t.Letter == letter);

    /// <summary>A domain-spec (RFC 7208 §4.8): a macro-string ending in a macro or in "." toplabel ["."].</summary>
    public static bool TryParseDomainSpec(string text, out SpfMacroString? spec)
    {
        spec = null;
        if (!TryParse(text, explanation: false, out var parsed)) return false;
        var last = parsed!.Tokens.Count == 0 ? null : parsed.Tokens[^1];
        if (last is null) return false;
        if (last.Literal is null)
        {
            spec = parsed;
            return true;
        }
        var literal = last.Literal.EndsWith('.') ? last.Literal[..^1] : last.Literal;
        var dot = literal.LastIndexOf('.');
        if (dot < 0 || !SpfDomainNames.IsTopLabel(literal[(dot + 1)..])) return false;
        spec = parsed;
        return true;
    }

    /// <summary>
    /// A macro-string; with <paramref name="explanation"/> it is an explain-string (§6.2): spaces and
    /// the letters c, r and t are allowed too.
    /// </summary>
    public static bool TryParse(string text, bool explanation, out SpfMacroString? parsed)
    {
        parsed = null;
        var tokens = new List<Token>();
        var literal = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c != '%')
            {
                if (!(c is >= '!' and <= '~' || (explanation && c == ' '))) return false;
                literal.Append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.Length) return false;
            char next = text[i + 1];
            if (next is '%' or '_' or '-')
            {
                FlushLiteral(tokens, literal);
                tokens.Add(Token.Escape(next switch { '%' => "%", '_' => " ", _ => "%20" }));
                i += 2;
                continue;
            }
            if (next != '{') return false;
            int close = text.IndexOf('}', i + 2);
            if (close < 0 || !TryParseMacro(text[(i + 2)..close], explanation, out var macro)) return false;
            FlushLiteral(tokens, literal);
            tokens.Add(macro!);
            i = close + 1;
        }
        FlushLiteral(tokens, literal);
        parsed = new SpfMacroString(text, tokens);
        return true;
    }

    private static bool TryParseMacro(string body, bool explanation, out Token? macro)
    {
        macro = null;
        if (body.Length == 0) return false;
        char letter = char.ToLowerInvariant(body[0]);
        if (!(DomainLetters.Contains(letter) || (explanation && ExplanationOnlyLetters.Contains(letter)))) return false;
        bool upper = char.IsUpper(body[0]);
        int i = 1;
        int digitsStart = i;
        while (i < body.Length && char.IsAsciiDigit(body[i])) i++;
        int keep = 0;
        if (i > digitsStart)
        {
            // RFC 7208 §7.3: the value MUST be nonzero; large values just keep every part.
            var digits = body[digitsStart..i].TrimStart('0');
            if (digits.Length == 0) return false;
            keep = digits.Length > 3 ? 999 : int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        }
        bool reverse = false;
        if (i < body.Length && (body[i] == 'r' || body[i] == 'R'))
        {
            reverse = true;
            i++;
        }
        var delimiters = body[i..];
        if (delimiters.Any(d => !Delimiters.Contains(d))) return false;
        macro = Token.Macro(letter, upper, keep, reverse, delimiters.Length == 0 ? "." : delimiters);
        return true;
    }

    private static void FlushLiteral(List<Token> tokens, StringBuilder literal)
    {
        if (literal.Length == 0) return;
        tokens.Add(Token.Text(literal.ToString()));
        literal.Clear();
    }

    public override string ToString() => Text;

    /// <summary>One piece: literal text (<see cref="Literal"/>), an escape (%%, %_, %-) or a macro.</summary>
    internal sealed record Token(string? Literal, string? EscapeText, char Letter, bool UrlEscape, int Keep, bool Reverse, string Delimiters)
    {
        public static Token Text(string text) => new(text, null, '\0', false, 0, false, "");

        public static Token Escape(string text) => new(null, text, '\0', false, 0, false, "");

        public static Token Macro(char letter, bool urlEscape, int keep, bool reverse, string delimiters) =>
            new(null, null, letter, urlEscape, keep, reverse, delimiters);
    }
}
