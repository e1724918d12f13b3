using System.Net;

namespace Mizugiwa.Milter;

/// <summary>How the milter server works (configuration section "Milter" and what it borrows from others).</summary>
public sealed class MilterOptions
{
    /// <summary>Our name for the Received header the scanned copy starts with, as SMTP's does (the MTA does not show us its own); also the authserv-id.</summary>
    public string HostName { get; init; } = "localhost";

    /// <summary>
    /// The longest packet accepted (its length field, command byte included). Postfix sends body chunks of at
    /// most 65535 octets, so 65536 takes everything it sends; a larger packet closes the connection.
    /// </summary>
    public int MaxPacketBytes { get; init; } = 65536;

    /// <summary>
    /// How long the connection may wait for the next packet. It follows the SMTP client through Postfix, which
    /// waits up to smtpd_timeout (300 s) per command, so by default it is Postfix that gives up first.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(330);

    /// <summary>Once a packet has begun, the rest of it must arrive within this time (Milter:PacketTimeoutSeconds).</summary>
    public TimeSpan PacketTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Connections served at once; one more is closed before the negotiation. Postfix opens one per SMTP connection and
    /// runs at most default_process_limit (100) smtpd processes, so the default serves one Postfix with its defaults.
    /// </summary>
    public int MaxConnections { get; init; } = 100;

    /// <summary>The most a scan may take; past it the message is accepted unscanned, as when the scan fails.</summary>
    public TimeSpan ScanTimeout { get; init; } = TimeSpan.FromSeconds(240);

    /// <summary>
    /// While a scan runs, a progress reply is sent this often, so the MTA's milter_content_timeout (Postfix: 300 s)
    /// does not run out on a slow DNS look-up.
    /// </summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Clients in these networks are not scanned (Checks:TrustedNetworks), as on the SMTP listener.</summary>
    public IReadOnlyList<IPNetwork> TrustedNetworks { get; init; } = [];

    /// <summary>Whether an Authentication-Results value claims to come from us (it is then deleted as forged).</summary>
    public Func<string, bool> ClaimsOurAuthServId { get; init; } = _ => false;
}
