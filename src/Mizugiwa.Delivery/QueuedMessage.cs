using Mizugiwa.Core;

namespace Mizugiwa.Delivery;

/// <summary>A committed queue file: its envelope, and how many of its first bytes are the message.</summary>
internal sealed record QueuedMessage(MessageEnvelope Envelope, long ContentLength);
