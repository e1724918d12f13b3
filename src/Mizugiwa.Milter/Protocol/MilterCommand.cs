namespace Mizugiwa.Milter.Protocol;

/// <summary>The commands an MTA sends (the SMFIC_* codes of the Sendmail milter protocol, version 6).</summary>
internal static class MilterCommand
{
    public const byte Abort = (byte)'A';
    public const byte Body = (byte)'B';
    public const byte Connect = (byte)'C';
    public const byte Macro = (byte)'D';
    public const byte EndOfBody = (byte)'E';
    public const byte Helo = (byte)'H';
    public const byte QuitNewConnection = (byte)'K';
    public const byte Header = (byte)'L';
    public const byte Mail = (byte)'M';
    public const byte EndOfHeaders = (byte)'N';
    public const byte Negotiate = (byte)'O';
    public const byte Quit = (byte)'Q';
    public const byte Recipient = (byte)'R';
    public const byte Data = (byte)'T';
    public const byte Unknown = (byte)'U';

    /// <summary>How a command byte appears in the log: its letter, or its value in hex when it is not printable.</summary>
    public static string Name(byte command) => command is >= 0x21 and <= 0x7E ? $"'{(char)command}'" : $"0x{command:X2}";
}
