using System.Text;
using Mizugiwa.Content.Dkim;

namespace Mizugiwa.Content.AuthResults;

/// <summary>
/// Collects the resinfos of every Authentication-Results field carrying one authserv-id, in field order,
/// as an ARC sealer copies them into its ARC-Authentication-Results (RFC 8617 §4.1.1). Each resinfo is
/// returned as written, white-space runs folded to one space.
/// </summary>
public static class AuthResultsConsolidation
{
    public static IReadOnlyList<string> ResultsOf(IEnumerable<RawHeaderField> headers, string authservId)
    {
        var results = new List<string>();
        foreach (var field in headers.Where(h => h.Is(AuthResultsWriter.FieldName)))
        {
            var value = field.Value;
            if (!OurAuthResults.ClaimsToBe(value, authservId)) continue;
            var parts = SplitResinfos(value);
            // parts[0] is the authserv-id (and version); "none" means no results.
            results.AddRange(parts.Skip(1).Where(p => p.Length > 0 && !p.Equals("none", StringComparison.OrdinalIgnoreCase)));
        }
        return results;
    }

    /// <summary>Splits at semicolons outside comments and quoted strings; folds white space.</summary>
    internal static List<string> SplitResinfos(string value)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        int depth = 0;
        bool quoted = false, space = false;
        for (int i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && (quoted || depth > 0) && i + 1 < value.Length)
            {
                current.Append(c).Append(value[++i]);
                continue;
            }
            if (c is ' ' or '\t' or '\r' or '\n') { space = true; continue; }
            if (c == ';' && !quoted && depth == 0)
            {
                parts.Add(current.ToString());
                current.Clear();
                space = false;
                continue;
            }
            if (space && current.Length > 0) current.Append(' ');
            space = false;
            if (c == '"' && depth == 0) quoted = !quoted;
            else if (!quoted && c == '(') depth++;
            else if (!quoted && c == ')' && depth > 0) depth--;
            current.Append(c);
        }
        parts.Add(current.ToString());
        return parts;
    }
}
