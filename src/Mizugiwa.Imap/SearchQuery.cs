using System.Globalization;
using MimeKit;

namespace Mizugiwa.Imap;

/// <summary>
/// What a search key looks at: the message's entry, its sequence number, whether it is \Recent for this session, and,
/// read only when a key needs them, its header section or its whole content.
/// </summary>
internal sealed class SearchSubject(MaildirMessage message, long sequence, long largestSequence, long largestUid, bool recent, Func<MessageContent?> content,
    Func<MimeMessage?> headers)
{
    private MessageContent? _content;
    private bool _loaded;
    private MimeMessage? _headers;
    private bool _headersLoaded;

    public MaildirMessage Message { get; } = message;
    public long Sequence { get; } = sequence;
    public long LargestSequence { get; } = largestSequence;
    public long LargestUid { get; } = largestUid;
    public bool Recent { get; } = recent;

    public MessageContent? Content
    {
        get
        {
            if (!_loaded) { _content = content(); _loaded = true; }
            return _content;
        }
    }

    /// <summary>The header section: from the whole message when that was read, else read alone (no body).</summary>
    public MimeMessage? Headers
    {
        get
        {
            if (_loaded) return _content?.Message;
            if (!_headersLoaded) { _headers = headers(); _headersLoaded = true; }
            return _headers;
        }
    }
}

/// <summary>
/// SEARCH keys (RFC 3501 §6.4.4) parsed into a predicate: flags, keywords, \Recent, sequence and UID sets, header and body
/// substrings (case-insensitive, on decoded text), dates (internal and sent), sizes, NOT, OR and lists.
/// </summary>
internal static class SearchQuery
{
    public static Func<SearchSubject, bool> Parse(ImapParser parser)
    {
        var keys = new List<Func<SearchSubject, bool>> { Key(parser) };
        while (!parser.AtEnd)
        {
            parser.Space();
            keys.Add(Key(parser));
        }
        return s => keys.All(k => k(s));
    }

    private static Func<SearchSubject, bool> Key(ImapParser parser)
    {
        if (parser.TryTake('('))
        {
            var keys = new List<Func<SearchSubject, bool>> { Key(parser) };
            while (!parser.TryTake(')'))
            {
                parser.Space();
                keys.Add(Key(parser));
            }
            return s => keys.All(k => k(s));
        }
        if (parser.AtSequenceSet)
        {
            var set = parser.SequenceSet();
            return s => set.Contains(s.Sequence, s.LargestSequence);
        }
        var name = parser.Atom("a search key").ToUpperInvariant();
        switch (name)
        {
            case "ALL": return _ => true;
            case "RECENT": return s => s.Recent;
            case "OLD": return s => !s.Recent;
            case "NEW": return s => s.Recent && !s.Message.Flags.HasFlag(MessageFlags.Seen);
            case "ANSWERED": return Has(MessageFlags.Answered);
            case "DELETED": return Has(MessageFlags.Deleted);
            case "DRAFT": return Has(MessageFlags.Draft);
            case "FLAGGED": return Has(MessageFlags.Flagged);
            case "SEEN": return Has(MessageFlags.Seen);
            case "UNANSWERED": return Not(Has(MessageFlags.Answered));
            case "UNDELETED": return Not(Has(MessageFlags.Deleted));
            case "UNDRAFT": return Not(Has(MessageFlags.Draft));
            case "UNFLAGGED": return Not(Has(MessageFlags.Flagged));
            case "UNSEEN": return Not(Has(MessageFlags.Seen));
            case "KEYWORD": { var keyword = KeywordOf(parser); return s => s.Message.Keywords.Contains(keyword); }
            case "UNKEYWORD": { var keyword = KeywordOf(parser); return s => !s.Message.Keywords.Contains(keyword); }
            case "NOT": { parser.Space(); return Not(Key(parser)); }
            case "OR":
            {
                parser.Space();
                var a = Key(parser);
                parser.Space();
                var b = Key(parser);
                return s => a(s) || b(s);
            }
            case "UID":
            {
                parser.Space();
                var set = parser.SequenceSet();
                return s => set.Contains(s.Message.Uid, s.LargestUid);
            }
            case "LARGER": { parser.Space(); long n = parser.Number("a size"); return s => s.Message.Size > n; }
            case "SMALLER": { parser.Space(); long n = parser.Number("a size"); return s => s.Message.Size < n; }
            case "BEFORE": { var d = Date(parser); return s => s.Message.InternalDate.UtcDateTime.Date < d; }
            case "ON": { var d = Date(parser); return s => s.Message.InternalDate.UtcDateTime.Date == d; }
            case "SINCE": { var d = Date(parser); return s => s.Message.InternalDate.UtcDateTime.Date >= d; }
            case "SENTBEFORE": { var d = Date(parser); return s => Sent(s) is { } sent && sent < d; }
            case "SENTON": { var d = Date(parser); return s => Sent(s) is { } sent && sent == d; }
            case "SENTSINCE": { var d = Date(parser); return s => Sent(s) is { } sent && sent >= d; }
            case "FROM" or "TO" or "CC" or "BCC" or "SUBJECT":
            {
                parser.Space();
                var text = parser.Utf8AString("a search string");
                return s => HeaderContains(s, name, text);
            }
            case "HEADER":
            {
                parser.Space();
                var field = parser.AString("a header field name");
                parser.Space();
                var text = parser.Utf8AString("a search string");
                return s => HeaderContains(s, field, text);
            }
            case "BODY":
            {
                parser.Space();
                var text = parser.Utf8AString("a search string");
                return s => s.Content is { } c && BodyText(c.Message).Contains(text, StringComparison.OrdinalIgnoreCase);
            }
            case "TEXT":
            {
                parser.Space();
                var text = parser.Utf8AString("a search string");
                return s => s.Content is { } c && (c.Message.Headers.Any(h => h.Value.Contains(text, StringComparison.OrdinalIgnoreCase))
                    || BodyText(c.Message).Contains(text, StringComparison.OrdinalIgnoreCase));
            }
            default: throw new ImapSyntaxException($"unknown search key '{name}'");
        }
    }

    private static Func<SearchSubject, bool> Has(MessageFlags flag) => s => s.Message.Flags.HasFlag(flag);

    private static Func<SearchSubject, bool> Not(Func<SearchSubject, bool> key) => s => !key(s);

    private static string KeywordOf(ImapParser parser)
    {
        parser.Space();
        var keyword = parser.Flag("a keyword");
        if (!Keyword.IsValid(keyword)) throw new ImapSyntaxException($"'{keyword}' is not a valid keyword: {Keyword.Rule}");
        return keyword;
    }

    private static DateTime Date(ImapParser parser)
    {
        parser.Space();
        var text = parser.AString("a date");
        if (!DateTime.TryParseExact(text, ["d-MMM-yyyy", "dd-MMM-yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new ImapSyntaxException($"bad date '{text}' (expected e.g. 1-Feb-2026)");
        return date.Date;
    }

    private static DateTime? Sent(SearchSubject s) =>
        s.Headers is { } message && message.Headers.Contains(HeaderId.Date) ? message.Date.UtcDateTime.Date : null;

    private static bool HeaderContains(SearchSubject s, string field, string text)
    {
        if (s.Headers is not { } message) return false;
        // HEADER x "" matches every message that has the field (RFC 3501 §6.4.4).
        return message.Headers.Where(h => h.Field.Equals(field, StringComparison.OrdinalIgnoreCase))
            .Any(h => h.Value.Contains(text, StringComparison.OrdinalIgnoreCase));
    }

    private static string BodyText(MimeMessage message) =>
        string.Join('\n', message.BodyParts.OfType<TextPart>().Select(p => p.Text ?? ""));
}
