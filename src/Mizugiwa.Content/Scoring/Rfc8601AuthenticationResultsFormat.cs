using System.Text;

namespace Mizugiwa.Content.Scoring;

/// <summary>
/// Authentication-Results as RFC 8601 §2.2 writes it: "authserv-id; method=result reason=... ptype.property=value"
/// entries separated by ";", or "authserv-id; none" when nothing was checked; values that are not RFC 2045
/// tokens are quoted; lines are folded before 78 characters.
/// </summary>
public sealed class Rfc8601AuthenticationResultsFormat : IAuthenticationResultsFormat
{
    private const int FoldAt = 76;
    private const string Specials = "()<>@,;:\\\"/[]?= ";

    public string Render(string authservId, IReadOnlyList<AuthResultEntry> entries)
    {
        var header = new StringBuilder("Authentication-Results: ").Append(authservId).Append(';');
        var lineLength = header.Length;
        var pieces = entries.Count == 0 ? [" none"] : entries.Select((e, i) => " " + Entry(e) + (i < entries.Count - 1 ? ";" : "")).ToList();
        foreach (var piece in pieces)
        {
            if (lineLength + piece.Length > FoldAt)
            {
                header.Append("\r\n\t").Append(piece.TrimStart());
                lineLength = 1 + piece.Length;
            }
            else
            {
                header.Append(piece);
                lineLength += piece.Length;
            }
        }
        return header.Append("\r\n").ToString();
    }

    public bool ClaimsAuthServId(string headerValue, string authservId)
    {
        var id = StripComments(headerValue).Split(';', 2)[0].Trim();
        var space = id.IndexOfAny([' ', '\t']);
        if (space >= 0) id = id[..space]; // "authserv-id version"
        return id.Trim('"').Equals(authservId, StringComparison.OrdinalIgnoreCase);
    }

    private static string Entry(AuthResultEntry entry)
    {
        var text = new StringBuilder(entry.Method).Append('=').Append(entry.Result);
        if (entry.Reason is { Length: > 0 } reason) text.Append(" reason=").Append(Value(reason));
        foreach (var (property, value) in entry.Properties) text.Append(' ').Append(property).Append('=').Append(Value(value));
        return text.ToString();
    }

    /// <summary>A value as an RFC 2045 token when it is one (an address with @ is allowed bare by RFC 8601 §2.2), else quoted.</summary>
    private static string Value(string value)
    {
        var bare = value.Length > 0 && value.All(c => c > ' ' && c < 127 && (!Specials.Contains(c) || c == '@'));
        return bare ? value : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static string StripComments(string value)
    {
        var text = new StringBuilder(value.Length);
        var depth = 0;
        foreach (var c in value)
        {
            if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
            else if (depth == 0) text.Append(c);
        }
        return text.ToString();
    }
}
