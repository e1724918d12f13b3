using System.Globalization;

namespace Mizugiwa.Imap;

/// <summary>Writes one message's FETCH response (RFC 3501 §7.4.2); bodies go out as literals, straight from the stored octets.</summary>
internal static class FetchWriter
{
    /// <summary>Items that need the message's content, not just its file name and size.</summary>
    public static bool NeedsContent(IEnumerable<FetchItem> items) =>
        items.Any(i => i.Kind is FetchKind.Envelope or FetchKind.BodyStructure or FetchKind.Body or FetchKind.Section
            or FetchKind.Rfc822 or FetchKind.Rfc822Header or FetchKind.Rfc822Text);

    /// <summary>Items that set \Seen (RFC 3501 §6.4.5): BODY[…] without PEEK, RFC822 and RFC822.TEXT.</summary>
    public static bool SetsSeen(IEnumerable<FetchItem> items) =>
        items.Any(i => i.Kind is FetchKind.Rfc822 or FetchKind.Rfc822Text || (i.Kind == FetchKind.Section && !i.Section!.Peek));

    public static void Write(ImapOutput output, long sequence, MaildirMessage message, bool recent, long size, IReadOnlyList<FetchItem> items, MessageContent? content)
    {
        output.Text($"* {sequence} FETCH (");
        bool first = true;
        void Next()
        {
            if (!first) output.Text(" ");
            first = false;
        }
        foreach (var item in items)
        {
            Next();
            switch (item.Kind)
            {
                case FetchKind.Flags: output.Text("FLAGS " + MessageFlagText.List(message.Flags, message.Keywords, recent)); break;
                case FetchKind.Uid: output.Text("UID " + message.Uid.ToString(CultureInfo.InvariantCulture)); break;
                case FetchKind.Size: output.Text("RFC822.SIZE " + size.ToString(CultureInfo.InvariantCulture)); break;
                case FetchKind.InternalDate: output.Text("INTERNALDATE \"" + InternalDate(message.InternalDate) + "\""); break;
                case FetchKind.Envelope: output.Text("ENVELOPE " + EnvelopeWriter.Write(content!.Message)); break;
                case FetchKind.BodyStructure: output.Text("BODYSTRUCTURE " + BodyStructureWriter.Write(content!, extensions: true)); break;
                case FetchKind.Body: output.Text("BODY " + BodyStructureWriter.Write(content!, extensions: false)); break;
                case FetchKind.Rfc822:
                    output.Text("RFC822 ");
                    output.Literal(content!.Bytes);
                    break;
                case FetchKind.Rfc822Header:
                    output.Text("RFC822.HEADER ");
                    output.Literal(SectionReader.Read(content!, new SectionSpec([], "HEADER", [], true, null, null)));
                    break;
                case FetchKind.Rfc822Text:
                    output.Text("RFC822.TEXT ");
                    output.Literal(SectionReader.Read(content!, new SectionSpec([], "TEXT", [], true, null, null)));
                    break;
                case FetchKind.Section:
                {
                    var section = item.Section!;
                    var bytes = SectionReader.Read(content!, section);
                    output.Text(section.ResponseName() + " ");
                    output.Literal(Partial(bytes, section));
                    break;
                }
            }
        }
        output.Line(")");
    }

    private static ReadOnlySpan<byte> Partial(byte[] bytes, SectionSpec section)
    {
        if (section.PartialStart is not { } start) return bytes;
        if (start >= bytes.Length) return [];
        long length = Math.Min(section.PartialLength ?? long.MaxValue, bytes.Length - start);
        return bytes.AsSpan((int)start, (int)length);
    }

    /// <summary>RFC 3501 date-time: "05-Dec-2026 02:47:19 +0000".</summary>
    public static string InternalDate(DateTimeOffset date) =>
        date.ToUniversalTime().ToString("dd-MMM-yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";
}
