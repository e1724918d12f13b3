namespace Mizugiwa.Milter.Protocol;

/// <summary>One packet of the milter protocol: a command (or reply) byte and its data.</summary>
internal readonly record struct MilterPacket(byte Command, byte[] Data);
