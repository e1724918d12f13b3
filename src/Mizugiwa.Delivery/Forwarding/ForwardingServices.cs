using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Forwarding;

/// <summary>
/// What forwarding at delivery needs: each mailbox's forwarding, the SRS rewriting of the envelope
/// sender (null: the original sender is kept, and SPF at the destination may fail), and the number of
/// Received headers past which a message is taken to loop and is not forwarded (RFC 5321 §6.3).
/// </summary>
public sealed record ForwardingServices(IForwardingDirectory Directory, SenderRewriting? Srs, int MaxReceivedHops = 30);
