using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>SMTP for MX hosts and "smtp:" next hops, LMTP for "lmtp:" next hops (<see cref="OutboundHost.Lmtp"/>).</summary>
public sealed class ProtocolTransport(IOutboundTransport smtp, IOutboundTransport lmtp) : IOutboundTransport, IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        if (smtp is IAsyncDisposable s) await s.DisposeAsync();
        if (lmtp is IAsyncDisposable l) await l.DisposeAsync();
    }

    public Task<TransportResult> SendAsync(OutboundHost host, OutboundMessage message, IReadOnlyList<EnvelopeRecipient> recipients, CancellationToken cancellationToken) =>
        (host.Lmtp ? lmtp : smtp).SendAsync(host, message, recipients, cancellationToken);
}
