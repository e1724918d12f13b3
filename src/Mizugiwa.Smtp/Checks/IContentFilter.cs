using Mizugiwa.Core;

namespace Mizugiwa.Smtp.Checks;

/// <summary>
/// The content level, asked at the end of DATA/BDAT before the message is committed: the most
/// expensive check, so it runs last, on what the IP and SMTP levels let through.
/// </summary>
public interface IContentFilter
{
    /// <summary>Messages larger than this (in octets, our Received header included) are not scanned.</summary>
    long MaxScanSize { get; }

    /// <summary>Why messages of this session are not scanned (authenticated, trusted), or null when they are; asked before DATA so no copy is kept for nothing.</summary>
    string? SkipReason(SessionContext session);

    ValueTask<ContentFilterResult> FilterAsync(ContentFilterRequest request, CancellationToken cancellationToken);
}

/// <param name="Message">The whole message as it will be queued, our Received header first.</param>
/// <param name="Recipients">The envelope recipients, one per mailbox or next hop.</param>
public sealed record ContentFilterRequest(SessionContext Session, string Sender, IReadOnlyList<EnvelopeRecipient> Recipients, ReadOnlyMemory<byte> Message);

/// <summary>What the content level decided.</summary>
/// <param name="Rejection">Refuse the message (the reply to send); null to accept it.</param>
/// <param name="Recipients">The envelope recipients to queue (with their folders and added headers), same order as asked.</param>
/// <param name="ReplacementMessage">New content to queue instead (e.g. attachments stripped, forged headers removed); null to keep it.</param>
/// <param name="LogText">A short summary for the decision log, e.g. "score=7.2 action=spam".</param>
/// <param name="Action">What the scan made of the message, for the counters: "none", "spam", "reject", or "unscanned".</param>
public sealed record ContentFilterResult(
    SmtpReply? Rejection,
    IReadOnlyList<EnvelopeRecipient> Recipients,
    ReadOnlyMemory<byte>? ReplacementMessage,
    string LogText,
    string Action)
{
    public const string NotScanned = "unscanned";

    /// <summary>The message is accepted as it is, without a scan, for <paramref name="reason"/>.</summary>
    public static ContentFilterResult Unscanned(IReadOnlyList<EnvelopeRecipient> recipients, string reason) =>
        new(null, recipients, null, $"not scanned: {reason}", NotScanned);
}
