namespace Mizugiwa.Imap;

internal enum FetchKind { Flags, Uid, Size, InternalDate, Envelope, BodyStructure, Body, Section, Rfc822, Rfc822Header, Rfc822Text }

/// <summary>A BODY[…] item: the part path, what of it (HEADER, HEADER.FIELDS, TEXT, MIME or all), and a partial range.</summary>
internal sealed record SectionSpec(int[] Path, string Text, IReadOnlyList<string> Fields, bool Peek, long? PartialStart, long? PartialLength)
{
    /// <summary>The section as it is named in the response: <c>BODY[1.HEADER.FIELDS (From)]&lt;0&gt;</c>.</summary>
    public string ResponseName()
    {
        var parts = new List<string>();
        if (Path.Length > 0) parts.Add(string.Join('.', Path));
        if (Text.Length > 0) parts.Add(Text);
        var section = string.Join('.', parts);
        if (Text.StartsWith("HEADER.FIELDS", StringComparison.Ordinal)) section += " (" + string.Join(' ', Fields) + ")";
        return $"BODY[{section}]" + (PartialStart is { } start ? $"<{start}>" : "");
    }
}

internal sealed record FetchItem(FetchKind Kind, SectionSpec? Section = null);

/// <summary>The FETCH attributes (RFC 3501 §6.4.5): the macros ALL, FAST, FULL, one item or a parenthesised list.</summary>
internal static class FetchRequest
{
    public static List<FetchItem> Parse(ImapParser parser)
    {
        var items = new List<FetchItem>();
        if (parser.TryTake('('))
        {
            while (!parser.TryTake(')'))
            {
                if (items.Count > 0) parser.Space();
                items.Add(Item(parser));
            }
            if (items.Count == 0) throw new ImapSyntaxException("empty list of fetch items");
            return items;
        }
        var name = parser.FetchItemName().ToUpperInvariant();
        switch (name)
        {
            case "ALL": return [new(FetchKind.Flags), new(FetchKind.InternalDate), new(FetchKind.Size), new(FetchKind.Envelope)];
            case "FAST": return [new(FetchKind.Flags), new(FetchKind.InternalDate), new(FetchKind.Size)];
            case "FULL": return [new(FetchKind.Flags), new(FetchKind.InternalDate), new(FetchKind.Size), new(FetchKind.Envelope), new(FetchKind.Body)];
        }
        return [Item(parser, name)];
    }

    private static FetchItem Item(ImapParser parser, string? name = null)
    {
        name ??= parser.FetchItemName().ToUpperInvariant();
        switch (name)
        {
            case "FLAGS": return new(FetchKind.Flags);
            case "UID": return new(FetchKind.Uid);
            case "RFC822.SIZE": return new(FetchKind.Size);
            case "INTERNALDATE": return new(FetchKind.InternalDate);
            case "ENVELOPE": return new(FetchKind.Envelope);
            case "BODYSTRUCTURE": return new(FetchKind.BodyStructure);
            case "RFC822": return new(FetchKind.Rfc822);
            case "RFC822.HEADER": return new(FetchKind.Rfc822Header);
            case "RFC822.TEXT": return new(FetchKind.Rfc822Text);
            case "BODY" or "BODY.PEEK":
                if (parser.Peek != '[')
                {
                    if (name == "BODY.PEEK") throw new ImapSyntaxException("BODY.PEEK needs a section in [ ]");
                    return new(FetchKind.Body);
                }
                return new(FetchKind.Section, Section(parser, peek: name == "BODY.PEEK"));
            default: throw new ImapSyntaxException($"unknown fetch item '{name}'");
        }
    }

    private static SectionSpec Section(ImapParser parser, bool peek)
    {
        parser.Expect('[', "'['");
        var path = new List<int>();
        string text = "";
        var fields = new List<string>();
        if (!parser.TryTake(']'))
        {
            var spec = parser.Atom("a section").ToUpperInvariant();
            var words = spec.Split('.');
            int i = 0;
            for (; i < words.Length && words[i].Length > 0 && words[i].All(char.IsAsciiDigit); i++)
            {
                if (!int.TryParse(words[i], System.Globalization.CultureInfo.InvariantCulture, out int n) || n == 0)
                    throw new ImapSyntaxException($"bad section part number '{words[i]}'");
                path.Add(n);
            }
            text = string.Join('.', words[i..]);
            if (text is not ("" or "HEADER" or "HEADER.FIELDS" or "HEADER.FIELDS.NOT" or "TEXT" or "MIME"))
                throw new ImapSyntaxException($"unknown section '{spec}'");
            if (text == "MIME" && path.Count == 0) throw new ImapSyntaxException("MIME needs a part number");
            if (text.StartsWith("HEADER.FIELDS", StringComparison.Ordinal))
            {
                parser.Space();
                parser.Expect('(', "'(' before the header field names");
                while (!parser.TryTake(')'))
                {
                    if (fields.Count > 0) parser.Space();
                    fields.Add(parser.AString("a header field name"));
                }
                if (fields.Count == 0) throw new ImapSyntaxException("HEADER.FIELDS needs at least one field name");
            }
            parser.Expect(']', "']' to end the section");
        }
        long? start = null, length = null;
        if (parser.TryTake('<'))
        {
            var range = parser.Atom("a partial range").TrimEnd('>');
            var ends = range.Split('.');
            if (ends.Length != 2 || !long.TryParse(ends[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long a)
                || !long.TryParse(ends[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long b) || b == 0)
                throw new ImapSyntaxException($"bad partial range '<{range}>' (expected <start.length>)");
            (start, length) = (a, b);
        }
        return new SectionSpec([.. path], text, fields, peek, start, length);
    }
}
