namespace Mizugiwa.Imap.ThreadAlgorithms;

/// <summary>
/// THREAD=ORDEREDSUBJECT (RFC 5256 §4): messages sorted by base subject, then sent date; each run of one subject is a
/// thread whose first message is the parent of all the others; threads in the sent date of their first message.
/// </summary>
internal static class OrderedSubject
{
    public static List<ThreadNode> Threads(IEnumerable<ThreadMessage> messages)
    {
        var threads = new List<ThreadNode>();
        ThreadNode? current = null;
        // OrderBy is stable: messages that tie stay in mailbox order.
        foreach (var message in messages.OrderBy(m => m.SubjectKey, StringComparer.Ordinal).ThenBy(m => m.Sent))
        {
            var node = new ThreadNode(message);
            if (current is not null && current.Message!.SubjectKey == message.SubjectKey) current.Adopt(node);
            else threads.Add(current = node);
        }
        return [.. threads.OrderBy(t => t.SortKey)];
    }
}
