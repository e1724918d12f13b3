using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// What one host did with a transaction: a result per recipient (in the order given), or a
/// <see cref="SessionFailure"/> when the host never got as far as answering for recipients
/// (no connection, timeout, 4xx greeting/EHLO/MAIL): then the next host is tried.
/// </summary>
public sealed record TransportResult(IReadOnlyList<RecipientResult>? Recipients, RecipientResult? SessionFailure)
{
    public static TransportResult PerRecipient(IReadOnlyList<RecipientResult> results) => new(results, null);
    public static TransportResult Session(RecipientResult failure) => new(null, failure);
}

/// <summary>Sends one message to some recipients through one host (SMTP with MailKit; a fake in tests).</summary>
public interface IOutboundTransport
{
    Task<TransportResult> SendAsync(OutboundHost host, OutboundMessage message, IReadOnlyList<EnvelopeRecipient> recipients, CancellationToken cancellationToken);
}
