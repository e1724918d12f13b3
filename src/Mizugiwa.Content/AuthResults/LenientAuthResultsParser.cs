using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Mizugiwa.Content.AuthResults;

/// <summary>
/// Reads real-world Authentication-Results values that RFC 8601's grammar rejects but whose meaning is plain:
/// properties that are not ptype.property (x-bits=1024), property values holding "=", and the legacy form
/// with a resinfo right after the authserv-id, without ";". Anything else that is not the grammar (an "="
/// where a word belongs, a lone "." or "/", "none" with company, no authserv-id) is still unparseable.
/// </summary>
public static partial class LenientAuthResultsParser
{
    public static ParsedAuthResults? Parse(string value)
    {
        var scanner = new Scanner(value);
        var authservId = scanner.Word();
        if (authservId is null || scanner.Peek() == '=') return null;
        int? version = null;
        if (scanner.Peek() is { } c && char.IsAsciiDigit(c) && scanner.Word() is { } v)
        {
            if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return null;
            version = number;
        }
        var results = new List<AuthResultEntry>();
        bool sawNone = false;
        if (scanner.Peek() is not (null or ';'))
        {
            // Legacy form: a resinfo straight after the authserv-id.
            if (Resinfo(scanner) is not { } first) return null;
            results.Add(first);
        }
        while (scanner.Peek() == ';')
        {
            scanner.Take();
            if (scanner.Peek() is null or ';') continue; // an empty resinfo (trailing ";")
            if (scanner.PeekWord() is { } word && word.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                scanner.Word();
                if (sawNone || results.Count > 0 || scanner.Peek() is not null) return null;
                sawNone = true;
                continue;
            }
            if (sawNone || Resinfo(scanner) is not { } entry) return null;
            results.Add(entry);
        }
        return scanner.Peek() is null ? new ParsedAuthResults(authservId, version, results, Lenient: true) : null;
    }

    /// <summary>method[/version]=result, then reason= and key=value properties, up to ";" or the end.</summary>
    private static AuthResultEntry? Resinfo(Scanner scanner)
    {
        var method = scanner.Word();
        if (method is null || !Method().IsMatch(method) || scanner.Peek() != '=') return null;
        scanner.Take();
        var result = scanner.Word();
        if (result is null || !Keyword().IsMatch(result)) return null;
        string? reason = null;
        var properties = new List<KeyValuePair<string, string>>();
        while (scanner.Peek() is not (null or ';'))
        {
            var key = scanner.Word();
            if (key is null || !Key().IsMatch(key) || scanner.Peek() != '=') return null;
            scanner.Take();
            var pvalue = scanner.Value();
            if (pvalue is null) return null;
            if (key.Equals("reason", StringComparison.OrdinalIgnoreCase)) reason = pvalue;
            else properties.Add(new(key.ToLowerInvariant(), pvalue));
        }
        return new AuthResultEntry(method.ToLowerInvariant(), result.ToLowerInvariant(), reason, properties);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]*(/[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Method();

    /// <summary>A result: a keyword, or in the legacy form a domain (Yahoo's "from=example.com").</summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Keyword();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Key();

    /// <summary>Skips white space and (nested) comments; reads words, quoted strings and single ";" / "=".</summary>
    private sealed class Scanner(string text)
    {
        private int _pos;

        public char? Peek()
        {
            SkipCfws();
            return _pos < text.Length ? text[_pos] : null;
        }

        public void Take() => _pos++;

        public string? PeekWord()
        {
            var at = _pos;
            var word = Word();
            _pos = at;
            return word;
        }

        /// <summary>A run of characters up to white space, ";", "=", "(" or a quote; or a quoted string.</summary>
        public string? Word() => Read(stopAtEquals: true);

        /// <summary>A property value: like a word, but "=" belongs to it (address=a=b@example.com).</summary>
        public string? Value() => Read(stopAtEquals: false);

        private string? Read(bool stopAtEquals)
        {
            if (Peek() is not { } first || first is ';' or '=' && stopAtEquals || first == '=') return null;
            if (first == '"') return Quoted();
            var start = _pos;
            while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]) && text[_pos] is not (';' or '(' or '"') && !(stopAtEquals && text[_pos] == '=')) _pos++;
            return text[start.._pos];
        }

        private string? Quoted()
        {
            var sb = new StringBuilder();
            for (_pos++; _pos < text.Length; _pos++)
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length) sb.Append(text[++_pos]);
                else if (text[_pos] == '"') { _pos++; return sb.ToString(); }
                else sb.Append(text[_pos]);
            }
            return null;
        }

        private void SkipCfws()
        {
            while (_pos < text.Length)
            {
                if (char.IsWhiteSpace(text[_pos])) _pos++;
                else if (text[_pos] == '(')
                {
                    int depth = 0;
                    for (; _pos < text.Length; _pos++)
                    {
                        if (text[_pos] == '\\') { _pos++; continue; }
                        if (text[_pos] == '(') depth++;
                        else if (text[_pos] == ')' && --depth == 0) { _pos++; break; }
                    }
                }
                else break;
            }
        }
    }
}
