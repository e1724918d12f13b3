namespace Mizugiwa.Milter.Protocol;

/// <summary>The peer broke the protocol (bad packet, bad negotiation, command out of place): the connection is closed.</summary>
internal sealed class MilterProtocolException(string message) : Exception(message);
