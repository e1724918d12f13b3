using MimeKit;

namespace Mizugiwa.Content.AuthResults;

/// <summary>
/// Finds incoming Authentication-Results fields that claim to be ours (RFC 8601 §5: a border MTA
/// removes fields carrying its own authserv-id, since only a forger could have written them before us).
/// The id is read without a full parse, so a deliberately malformed field cannot escape removal.
/// </summary>
public static class OurAuthResults
{
    public static bool ClaimsToBe(string headerValue, string authservId) =>
        LeadingAuthservId(headerValue) is { } id && id.Equals(authservId, StringComparison.OrdinalIgnoreCase);

    /// <summary>The Authentication-Results fields of <paramref name="headers"/> that carry <paramref name="authservId"/>.</summary>
    public static IReadOnlyList<Header> Find(HeaderList headers, string authservId) =>
        [.. headers.Where(h => h.Id == HeaderId.AuthenticationResults && ClaimsToBe(h.Value, authservId))];

    /// <summary>The authserv-id: the first token after any CFWS and comments, up to whitespace, "(" or ";".</summary>
    internal static string? LeadingAuthservId(string value)
    {
        int i = SkipCfws(value, 0);
        if (i < value.Length && value[i] == '"')
        {
            var end = value.IndexOf('"', i + 1);
            return end < 0 ? null : value[(i + 1)..end];
        }
        int start = i;
        while (i < value.Length && !char.IsWhiteSpace(value[i]) && value[i] is not ('(' or ';')) i++;
        return i > start ? value[start..i] : null;
    }

    private static int SkipCfws(string value, int i)
    {
        while (i < value.Length)
        {
            if (char.IsWhiteSpace(value[i])) i++;
            else if (value[i] == '(')
            {
                int depth = 0;
                for (; i < value.Length; i++)
                {
                    if (value[i] == '\\') { i++; continue; }
                    if (value[i] == '(') depth++;
                    else if (value[i] == ')' && --depth == 0) { i++; break; }
                }
            }
            else break;
        }
        return i;
    }
}
