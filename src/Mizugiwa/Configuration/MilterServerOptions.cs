using System.Net;

namespace Mizugiwa.Configuration;

/// <summary>
/// The milter listener (docs/MILTER.md): Postfix (smtpd_milters) or Sendmail hand it each message and get the
/// content level's verdict. Off by default.
/// </summary>
public sealed class MilterServerOptions
{
    public bool Enabled { get; set; }
    public string Address { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 10041;
    /// <summary>The longest packet (command byte included); Postfix's body chunks need 65536.</summary>
    public int MaxPacketBytes { get; set; } = 65536;
    /// <summary>How long a connection may wait for the MTA's next packet; above Postfix's smtpd_timeout (300 s).</summary>
    public int IdleTimeoutSeconds { get; set; } = 330;
    /// <summary>Once a packet has begun, how long the rest of it may take; a peer that stalls in the middle of one is dropped.</summary>
    public int PacketTimeoutSeconds { get; set; } = 30;
    /// <summary>Connections served at once (Postfix: one per SMTP connection, at most default_process_limit = 100 by default); one more is closed at once.</summary>
    public int MaxConnections { get; set; } = 100;
    /// <summary>The most a message's scan may take; past it the message is accepted unscanned. Progress replies keep Postfix waiting meanwhile.</summary>
    public int ScanTimeoutSeconds { get; set; } = 240;

    /// <summary>The listener when it is on, named by its port key, for the check that no two share a port.</summary>
    internal IEnumerable<(string Name, string Address, int Port)> Listeners()
    {
        if (Enabled) yield return ("Milter:Port", Address, Port);
    }

    internal static void Validate(MilterServerOptions m, int maxTimerSeconds, Action<bool, string> require)
    {
        require(IPAddress.TryParse(m.Address, out _), $"Milter:Address '{m.Address}' is not an IP address");
        require(m.Port is >= 0 and <= 65535, $"Milter:Port {m.Port} must be within 0..65535");
        require(m.MaxPacketBytes is >= 65536 and <= 16 * 1024 * 1024,
            $"Milter:MaxPacketBytes {m.MaxPacketBytes} must be within 65536..16777216 (Postfix sends body chunks of 65535 octets)");
        require(m.IdleTimeoutSeconds is >= 1 && m.IdleTimeoutSeconds <= maxTimerSeconds, $"Milter:IdleTimeoutSeconds {m.IdleTimeoutSeconds} must be within 1..{maxTimerSeconds}");
        require(m.PacketTimeoutSeconds is >= 1 && m.PacketTimeoutSeconds <= maxTimerSeconds, $"Milter:PacketTimeoutSeconds {m.PacketTimeoutSeconds} must be within 1..{maxTimerSeconds}");
        require(m.ScanTimeoutSeconds is >= 1 && m.ScanTimeoutSeconds <= maxTimerSeconds, $"Milter:ScanTimeoutSeconds {m.ScanTimeoutSeconds} must be within 1..{maxTimerSeconds}");
        require(m.MaxConnections >= 1, $"Milter:MaxConnections {m.MaxConnections} must be at least 1");
    }
}
