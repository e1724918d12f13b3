using Mizugiwa.Core;
using Mizugiwa.Milter.Protocol;

namespace Mizugiwa.Milter;

/// <summary>
/// Turns the content level's per-recipient headers into edits of the one message the MTA delivers to all
/// recipients: delete the Authentication-Results headers that claim our authserv-id and any X-Spam-* header
/// the sender wrote (ours must be the only ones), then insert the label at the top, in order.
/// </summary>
internal static class MilterHeaderEdits
{
    private const string SpamHeaderPrefix = "X-Spam-";
    private const string AuthenticationResults = "Authentication-Results";

    /// <summary>
    /// The headers the shared copy gets. One message cannot carry a label per recipient: it gets the spam label
    /// when any recipient's label says spam, else the first label, else (every recipient chose off) the first
    /// recipient's headers (Authentication-Results only).
    /// </summary>
    public static string ChooseLabel(IReadOnlyList<EnvelopeRecipient> recipients)
    {
        var labels = recipients.Select(r => r.AddedHeaders).OfType<string>().Where(h => h.Length > 0).ToList();
        return labels.FirstOrDefault(h => Fields(h).Any(f => f.Name.Equals("X-Spam-Flag", StringComparison.OrdinalIgnoreCase)))
            ?? labels.FirstOrDefault(h => Fields(h).Any(f => f.Name.StartsWith(SpamHeaderPrefix, StringComparison.OrdinalIgnoreCase)))
            ?? labels.FirstOrDefault()
            ?? "";
    }

    /// <summary>"Name: value\r\n\tmore\r\n…" as (name, value after the colon with its folds as CRLF).</summary>
    public static List<(string Name, string Value)> Fields(string headers)
    {
        var fields = new List<(string Name, string Value)>();
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.Length == 0) continue;
            if (line[0] is ' ' or '\t' && fields.Count > 0)
            {
                fields[^1] = (fields[^1].Name, fields[^1].Value + "\r\n" + line);
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new FormatException($"not a header line: {line}");
            fields.Add((line[..colon], line[(colon + 1)..]));
        }
        return fields;
    }

    /// <param name="leadingSpace">Whether values go with their leading space (negotiated); without it the MTA puts one space after the colon itself.</param>
    public static (List<MilterPacket> Edits, int Deleted, int Added) For(IReadOnlyList<ReceivedField> received, string label,
        Func<string, bool> claimsOurAuthServId, bool leadingSpace)
    {
        var edits = new List<MilterPacket>();
        var deletions = new List<(string Name, uint Index)>();
        var seen = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in received)
        {
            var index = seen[field.NameText] = seen.GetValueOrDefault(field.NameText) + 1;
            var forged = field.NameText.Equals(AuthenticationResults, StringComparison.OrdinalIgnoreCase) && claimsOurAuthServId(field.ValueText);
            if (forged || field.NameText.StartsWith(SpamHeaderPrefix, StringComparison.OrdinalIgnoreCase)) deletions.Add((field.NameText, index));
        }
        // The last of a name first, so the indexes of the others still hold. Deletions go before insertions:
        // Postfix counts the indexes of changes without its own Received header only until something is inserted above it.
        foreach (var (name, index) in deletions.OrderByDescending(d => d.Index)) edits.Add(MilterReply.ChangeHeader(index, name, ""));
        var fields = Fields(label);
        for (var i = 0; i < fields.Count; i++)
        {
            var value = fields[i].Value.Replace("\r\n", "\n", StringComparison.Ordinal);
            if (!leadingSpace && value.StartsWith(' ')) value = value[1..];
            edits.Add(MilterReply.InsertHeader((uint)i, fields[i].Name, value));
        }
        return (edits, deletions.Count, fields.Count);
    }
}
