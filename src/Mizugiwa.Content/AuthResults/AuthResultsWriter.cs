using System.Text;

namespace Mizugiwa.Content.AuthResults;

/// <summary>
/// Renders our Authentication-Results header (RFC 8601 §2.2) from the report's entries: one resinfo
/// per folded line, lines kept under 78 characters where words allow (RFC 5322 §2.1.1), reasons
/// and values that are not tokens quoted.
/// </summary>
public static class AuthResultsWriter
{
    public const string FieldName = "Authentication-Results";
    private const int LineLength = 78;

    /// <summary>The whole header field, "Authentication-Results: …" ending in CRLF.</summary>
    public static string RenderField(string authservId, IEnumerable<AuthResultEntry> entries) =>
        $"{FieldName}: {RenderValue(authservId, entries, FieldName.Length + 2)}\r\n";

    /// <summary>The field value, folded as if it starts at column <paramref name="startColumn"/>.</summary>
    public static string RenderValue(string authservId, IEnumerable<AuthResultEntry> entries, int startColumn = 0)
    {
        var sb = new StringBuilder(authservId).Append(';');
        var column = startColumn + sb.Length;
        var any = false;
        foreach (var entry in entries)
        {
            if (any) sb.Append(';');
            any = true;
            sb.Append("\r\n\t");
            column = 8;
            var first = true;
            foreach (var word in Words(entry))
            {
                if (!first && column + 1 + word.Length > LineLength)
                {
                    sb.Append("\r\n\t ");
                    column = 9;
                }
                else if (!first)
                {
                    sb.Append(' ');
                    column++;
                }
                sb.Append(word);
                column += word.Length;
                first = false;
            }
        }
        if (!any) sb.Append(" none");
        return sb.ToString();
    }

    private static IEnumerable<string> Words(AuthResultEntry entry)
    {
        yield return $"{entry.Method}={entry.Result}";
        if (!string.IsNullOrEmpty(entry.Reason)) yield return $"reason={Quote(entry.Reason)}";
        foreach (var (name, value) in entry.Properties) yield return $"{name}={PropertyValue(value)}";
    }

    /// <summary>A pvalue may be a token or an [local-part]@domain (RFC 8601 §2.2); anything else is quoted.</summary>
    private static string PropertyValue(string value)
    {
        if (value.Length > 0 && value.All(IsTokenChar)) return value;
        var at = value.LastIndexOf('@');
        if (at >= 0 && value[..at].All(IsAtomChar) && value[(at + 1)..].All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-') && value.Length > at + 1)
            return value;
        return Quote(value);
    }

    private static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\') sb.Append('\\');
            sb.Append(c is '\r' or '\n' ? ' ' : c);
        }
        return sb.Append('"').ToString();
    }

    /// <summary>RFC 2045 token: printable ASCII except space and tspecials.</summary>
    private static bool IsTokenChar(char c) => c is > ' ' and < (char)127 && !"()<>@,;:\\\"/[]?=".Contains(c, StringComparison.Ordinal);

    private static bool IsAtomChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c, StringComparison.Ordinal);
}
