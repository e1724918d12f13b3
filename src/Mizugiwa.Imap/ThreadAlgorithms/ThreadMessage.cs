namespace Mizugiwa.Imap.ThreadAlgorithms;

/// <summary>
/// What THREAD looks at in one message: its number in the answer (sequence number or UID, both in mailbox order),
/// Message-ID, the ids it replies to (References, else In-Reply-To), subject and sent date (RFC 5256 §2.2).
/// </summary>
internal sealed record ThreadMessage(long Number, string? MessageId, IReadOnlyList<string> References, string? Subject, DateTimeOffset Sent)
{
    /// <summary>The base subject under i;ascii-casemap: equal keys mean the same thread subject.</summary>
    public string SubjectKey { get; } = AsciiCasemap.Key(Imap.BaseSubject.Of(Subject));

    public bool IsReplyOrForward { get; } = Imap.BaseSubject.IsReplyOrForward(Subject);
}

/// <summary>One node of a thread tree; a dummy (no message) stands for a message that is referred to but not here.</summary>
internal sealed class ThreadNode(ThreadMessage? message)
{
    public ThreadMessage? Message { get; set; } = message;
    public ThreadNode? Parent { get; set; }
    public List<ThreadNode> Children { get; } = [];

    public bool IsDummy => Message is null;

    public void Adopt(ThreadNode child)
    {
        child.Parent?.Children.Remove(child);
        child.Parent = this;
        Children.Add(child);
    }

    /// <summary>Whether this node is <paramref name="other"/> or one of its ancestors.</summary>
    public bool IsAncestorOrSelf(ThreadNode other)
    {
        for (var node = other; node is not null; node = node.Parent)
            if (node == this) return true;
        return false;
    }

    /// <summary>The sent date a set of siblings is sorted by: a dummy's is its first (earliest) child's (RFC 5256 §4, step 6).</summary>
    public (DateTimeOffset Sent, long Number) SortKey =>
        Message is { } message ? (message.Sent, message.Number) : Children.Count > 0 ? Children[0].SortKey : (DateTimeOffset.MaxValue, long.MaxValue);
}
