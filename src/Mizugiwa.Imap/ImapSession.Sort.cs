using System.Globalization;
using MimeKit;

namespace Mizugiwa.Imap;

/// <summary>
/// SORT (RFC 5256): the messages a search finds, in the order of the criteria (ARRIVAL, CC, DATE, FROM, SIZE,
/// SUBJECT, TO, each may be REVERSE), ties in mailbox order; webmail (Roundcube) sorts through it instead of
/// fetching every header.
/// </summary>
internal sealed partial class ImapSession
{
    private static readonly string[] SortKeys = ["ARRIVAL", "CC", "DATE", "FROM", "SIZE", "SUBJECT", "TO"];

    private string Sort(ImapParser parser, bool uid)
    {
        parser.Space();
        var criteria = SortCriteria(parser.AtomList("the sort criteria"));
        parser.Space();
        var charset = parser.AString("a charset");
        if (UnsupportedCharset(charset, "sorts") is { } refusal) return refusal;
        parser.Space();
        var found = Matching(SearchQuery.Parse(parser))
            .Select(m => (Number: uid ? m.Message.Uid : m.Sequence, Fields: SortFields.Of(m.Message, NeedsHeaders(criteria) ? m.Headers : null))).ToList();
        // A stable sort: messages that tie stay in mailbox order (RFC 5256 §3).
        var sorted = found.OrderBy(f => f.Fields, new SortOrder(criteria)).Select(f => f.Number);
        _output.Line("* SORT" + string.Concat(sorted.Select(n => " " + n.ToString(CultureInfo.InvariantCulture))));
        return "OK SORT completed";
    }

    private static bool NeedsHeaders(List<(string Key, bool Reverse)> criteria) => criteria.Any(c => c.Key is not ("ARRIVAL" or "SIZE"));

    private static List<(string Key, bool Reverse)> SortCriteria(List<string> atoms)
    {
        if (atoms.Count == 0) throw new ImapSyntaxException("SORT needs at least one sort criterion");
        var criteria = new List<(string, bool)>();
        bool reverse = false;
        foreach (var atom in atoms.Select(a => a.ToUpperInvariant()))
        {
            if (atom == "REVERSE" && !reverse) { reverse = true; continue; }
            if (!SortKeys.Contains(atom)) throw new ImapSyntaxException($"'{atom}' is not a sort criterion (ARRIVAL CC DATE FROM SIZE SUBJECT TO, each may follow REVERSE)");
            criteria.Add((atom, reverse));
            reverse = false;
        }
        if (reverse) throw new ImapSyntaxException("REVERSE must be followed by a sort criterion");
        return criteria;
    }

    /// <summary>What SORT compares of one message; strings are compared with i;ascii-casemap (ordinal, ASCII letters folded).</summary>
    private sealed record SortFields(DateTimeOffset Arrival, DateTimeOffset Date, long Size, string Subject, string From, string To, string Cc)
    {
        public static SortFields Of(MaildirMessage message, MimeMessage? headers)
        {
            // A message without a usable Date sorts by its arrival (RFC 5256 §3, DATE).
            var date = headers is not null && headers.Date != DateTimeOffset.MinValue ? headers.Date : message.InternalDate;
            return new SortFields(message.InternalDate, date.ToUniversalTime(), message.Size, BaseSubject.Of(headers?.Subject),
                FirstMailbox(headers?.From), FirstMailbox(headers?.To), FirstMailbox(headers?.Cc));
        }

        /// <summary>The local part (addr-mailbox) of the first address, or "".</summary>
        private static string FirstMailbox(InternetAddressList? list)
        {
            var address = list?.Mailboxes.FirstOrDefault()?.Address ?? "";
            int at = address.LastIndexOf('@');
            return at >= 0 ? address[..at] : address;
        }
    }

    private sealed class SortOrder(List<(string Key, bool Reverse)> criteria) : IComparer<SortFields>
    {
        public int Compare(SortFields? x, SortFields? y)
        {
            foreach (var (key, reverse) in criteria)
            {
                int order = key switch
                {
                    "ARRIVAL" => x!.Arrival.CompareTo(y!.Arrival),
                    "DATE" => x!.Date.CompareTo(y!.Date),
                    "SIZE" => x!.Size.CompareTo(y!.Size),
                    "SUBJECT" => AsciiCasemap.Compare(x!.Subject, y!.Subject),
                    "FROM" => AsciiCasemap.Compare(x!.From, y!.From),
                    "TO" => AsciiCasemap.Compare(x!.To, y!.To),
                    _ => AsciiCasemap.Compare(x!.Cc, y!.Cc),
                };
                if (order != 0) return reverse ? -order : order;
            }
            return 0;
        }
    }
}
