using System.Text;
using Mizugiwa.Milter.Protocol;

namespace Mizugiwa.Milter;

/// <summary>
/// When the content level rewrote the message's body (attachments stripped: Attachments:Action = Strip), the
/// edits that make the MTA's copy the same: the top-level MIME headers that changed, then the new body in
/// pieces. Rewrites of the header section alone (forged Authentication-Results removed) are the label's business.
/// </summary>
internal static class MilterBodyReplacement
{
    /// <summary>The headers that describe the body and change with it when a stripped attachment was the whole body.</summary>
    private static readonly string[] MimeHeaders = ["MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition"];

    /// <summary>The edits; none when the rewritten body is the received one (line ends aside).</summary>
    public static List<MilterPacket> For(MilterMessage original, ReadOnlySpan<byte> rewritten, bool leadingSpace)
    {
        var (header, body) = Split(rewritten);
        var newBody = WithCrlf(body);
        if (newBody.AsSpan().SequenceEqual(WithCrlf(original.Body))) return [];
        var edits = new List<MilterPacket>();
        var newFields = MilterHeaderEdits.Fields(Encoding.UTF8.GetString(WithCrlf(header)));
        foreach (var name in MimeHeaders)
        {
            var before = original.Headers.FirstOrDefault(f => f.NameText.Equals(name, StringComparison.OrdinalIgnoreCase))?.ValueText;
            var after = newFields.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
            if (Unfolded(before) == Unfolded(after)) continue;
            if (after is null) edits.Add(MilterReply.ChangeHeader(1, name, ""));
            else if (before is null) edits.Add(MilterReply.AddHeader(name, MilterHeaderEdits.Wire(after, leadingSpace)));
            else edits.Add(MilterReply.ChangeHeader(1, name, MilterHeaderEdits.Wire(after, leadingSpace)));
        }
        for (var offset = 0; offset < newBody.Length; offset += MilterReply.BodyChunkSize)
            edits.Add(MilterReply.ReplaceBody(newBody.AsSpan(offset, Math.Min(MilterReply.BodyChunkSize, newBody.Length - offset))));
        if (newBody.Length == 0) edits.Add(MilterReply.ReplaceBody([]));
        return edits;
    }

    /// <summary>The header section (without the blank line) and the body; MimeKit may write either line end.</summary>
    private static (byte[] Header, byte[] Body) Split(ReadOnlySpan<byte> message)
    {
        var crlf = message.IndexOf("\r\n\r\n"u8);
        var lf = message.IndexOf("\n\n"u8);
        if (crlf >= 0 && (lf < 0 || crlf < lf)) return (message[..(crlf + 2)].ToArray(), message[(crlf + 4)..].ToArray());
        if (lf >= 0) return (message[..(lf + 1)].ToArray(), message[(lf + 2)..].ToArray());
        return (message.ToArray(), []);
    }

    private static byte[] WithCrlf(ReadOnlySpan<byte> text) => MilterMessage.WithCrlf(text.ToArray());

    private static string? Unfolded(string? value) =>
        value?.Replace("\r\n", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();
}
