using Mizugiwa.Imap.ThreadAlgorithms;

namespace Mizugiwa.Imap;

/// <summary>
/// THREAD (RFC 5256): the messages a search finds, as conversations — REFERENCES by Message-ID, References and
/// In-Reply-To, ORDEREDSUBJECT by base subject; webmail (Roundcube) shows threads through it.
/// </summary>
internal sealed partial class ImapSession
{
    private const int MaxReferences = 100;

    private string Thread(ImapParser parser, bool uid)
    {
        parser.Space();
        var algorithm = parser.Atom("a threading algorithm").ToUpperInvariant();
        Func<IEnumerable<ThreadMessage>, List<ThreadNode>> threads = algorithm switch
        {
            "ORDEREDSUBJECT" => OrderedSubject.Threads,
            "REFERENCES" => References.Threads,
            _ => throw new ImapSyntaxException($"'{algorithm}' is not a threading algorithm (ORDEREDSUBJECT REFERENCES)"),
        };
        parser.Space();
        var charset = parser.AString("a charset");
        if (UnsupportedCharset(charset, "threads") is { } refusal) return refusal;
        parser.Space();
        var found = Matching(SearchQuery.Parse(parser)).Select(m => ThreadMessageOf(uid ? m.Message.Uid : m.Sequence, m)).ToList();
        var written = ThreadWriter.Write(threads(found));
        _output.Line(written.Length == 0 ? "* THREAD" : "* THREAD " + written);
        return "OK THREAD completed";
    }

    private static ThreadMessage ThreadMessageOf(long number, SearchSubject subject)
    {
        var headers = subject.Headers;
        // The last ids are enough to place a message; a References header of a million ids in one spam is not walked.
        IReadOnlyList<string> references = headers?.References is { Count: > 0 } list ? [.. list.TakeLast(MaxReferences)]
            : headers?.InReplyTo is { Length: > 0 } inReplyTo ? [inReplyTo] : [];
        // The sent date is SORT's DATE: the Date header, or the arrival when it has none (RFC 5256 §2.2).
        var sent = SortFields.Of(subject.Message, headers).Date;
        return new ThreadMessage(number, headers?.MessageId, references, headers?.Subject, sent);
    }
}
