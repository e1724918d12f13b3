using Mizugiwa.Core;
using Mizugiwa.Milter.Protocol;

namespace Mizugiwa.Milter;

/// <summary>
/// Turns the content level's per-recipient headers into edits of the one message the MTA delivers to all
/// recipients: delete the Authentication-Results headers that claim our authserv-id and any X-Spam-* header
/// the sender wrote (ours must be the only ones), put the Subject tag on when the label has one, then insert the
/// label at the top, in order.
/// </summary>
internal static class MilterHeaderEdits
{
    /// <summary>What the one copy the MTA delivers gets: header lines ("Name: value\r\n"…) and the Subject tag, if any.</summary>
    public sealed record SharedLabel(string Headers, string? SubjectTag);

    private const string SpamHeaderPrefix = "X-Spam-";
    private const string AuthenticationResults = "Authentication-Results";

    /// <summary>
    /// The label of the shared copy. One message cannot carry a label per recipient: it gets the spam label
    /// when any recipient's label says spam, else the first label, else (every recipient chose off) the first
    /// recipient's headers (Authentication-Results only); with the Subject tag that recipient gets, if any.
    /// </summary>
    public static SharedLabel ChooseLabel(IReadOnlyList<EnvelopeRecipient> recipients)
    {
        var labelled = recipients.Where(r => r.AddedHeaders is { Length: > 0 }).ToList();
        var chosen = labelled.FirstOrDefault(r => Fields(r.AddedHeaders!).Any(f => f.Name.Equals("X-Spam-Flag", StringComparison.OrdinalIgnoreCase)))
            ?? labelled.FirstOrDefault(r => Fields(r.AddedHeaders!).Any(f => f.Name.StartsWith(SpamHeaderPrefix, StringComparison.OrdinalIgnoreCase)))
            ?? labelled.FirstOrDefault();
        return new SharedLabel(chosen?.AddedHeaders ?? "", chosen?.SubjectTag);
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
    /// <returns>The edits; how many headers they delete, and how many they add or change (the Subject tag).</returns>
    public static (List<MilterPacket> Edits, int Deleted, int Added) For(IReadOnlyList<ReceivedField> received, SharedLabel label,
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
        var subject = label.SubjectTag is { Length: > 0 } tag ? TaggedSubject(received, tag) : null;
        if (subject is { } tagged) edits.Add(tagged.Index == 0
            ? MilterReply.AddHeader("Subject", Wire(tagged.Value, leadingSpace))
            : MilterReply.ChangeHeader(tagged.Index, "Subject", Wire(tagged.Value, leadingSpace)));
        var fields = Fields(label.Headers);
        for (var i = 0; i < fields.Count; i++) edits.Add(MilterReply.InsertHeader((uint)i, fields[i].Name, Wire(fields[i].Value, leadingSpace)));
        return (edits, deletions.Count, fields.Count + (subject is null ? 0 : 1));
    }

    /// <summary>
    /// The first Subject with the tag in front, as the MX's delivery writes it (docs/CONTENT.md, "Subject tag"): plain
    /// text, or an encoded word of its own when the tag is not ASCII, before the value as it was; index 0 when the
    /// message has no Subject (one is added); null when the Subject already starts with the tag or is not UTF-8.
    /// </summary>
    private static (uint Index, string Value)? TaggedSubject(IReadOnlyList<ReceivedField> received, string tag)
    {
        var subject = received.FirstOrDefault(f => f.NameText.Equals("Subject", StringComparison.OrdinalIgnoreCase));
        var encodedTag = System.Text.Ascii.IsValid(tag) ? tag : System.Text.Encoding.ASCII.GetString(MimeKit.Utils.Rfc2047.EncodeText(System.Text.Encoding.UTF8, tag));
        if (subject is null) return (0, " " + encodedTag);
        // The value goes back as UTF-8: raw 8-bit text in another charset would be changed, so it is left untagged.
        if (!System.Text.Unicode.Utf8.IsValid(subject.Value)) return null;
        var original = subject.ValueText.TrimStart(' ', '\t');
        if (MimeKit.Utils.Rfc2047.DecodeText(System.Text.Encoding.UTF8.GetBytes(original)).StartsWith(tag, StringComparison.OrdinalIgnoreCase)) return null;
        return (1, $" {encodedTag} {original}");
    }

    /// <summary>A value as the MTA takes it: folds as LF alone, and without the leading space unless that step was agreed.</summary>
    public static string Wire(string value, bool leadingSpace)
    {
        value = value.Replace("\r\n", "\n", StringComparison.Ordinal);
        return !leadingSpace && value.StartsWith(' ') ? value[1..] : value;
    }
}
