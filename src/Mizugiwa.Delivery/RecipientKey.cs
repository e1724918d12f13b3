using Mizugiwa.Core;

namespace Mizugiwa.Delivery;

/// <summary>
/// How a recipient is named in the <c>.done</c> record (<see cref="DeliveryLog"/>): a local one by its
/// mailbox (as before routes existed), a routed one as <c>route:address</c>. A delivered recipient's
/// line is the key; a recipient that failed (and was bounced) is <c>failed\tkey</c>; one whose delay
/// notice was sent is <c>delayed\tkey</c>. Tabs never occur in addresses.
/// </summary>
internal static class RecipientKey
{
    public const string FailedPrefix = "failed\t";
    public const string DelayedPrefix = "delayed\t";

    public static string Of(EnvelopeRecipient recipient) => recipient.Route is null ? recipient.Mailbox : $"{recipient.Route}:{recipient.Mailbox}";

    public static bool IsDone(IReadOnlySet<string> log, EnvelopeRecipient recipient) =>
        log.Contains(Of(recipient)) || log.Contains(FailedPrefix + Of(recipient));
}
