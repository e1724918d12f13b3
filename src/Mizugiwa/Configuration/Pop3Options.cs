using System.Net;

namespace Mizugiwa.Configuration;

/// <summary>
/// Reading mail over POP3 (docs/POP3.md): a listener with STLS (RFC 2595, port 110 in production) and one with
/// implicit TLS (RFC 8314, "POP3S", port 995). Both are on by default on high loopback ports.
/// </summary>
public sealed class Pop3Options
{
    /// <summary>The POP3 listener with STLS.</summary>
    public bool Enabled { get; set; } = true;
    public string Address { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 5110;

    /// <summary>The POP3S listener (the TLS handshake comes before the greeting).</summary>
    public bool ImplicitTlsEnabled { get; set; } = true;
    public string ImplicitTlsAddress { get; set; } = "127.0.0.1";
    public int ImplicitTlsPort { get; set; } = 5995;

    /// <summary>Take USER/PASS and AUTH before STLS (passwords in clear text on the wire). Off by default.</summary>
    public bool AllowPlaintextAuth { get; set; }
    /// <summary>RFC 1939 §3: the autologout timer is at least 10 minutes.</summary>
    public int IdleTimeoutSeconds { get; set; } = 600;
    /// <summary>Errors (unknown commands, bad arguments, failed logins) after which a session is closed.</summary>
    public int MaxBadCommands { get; set; } = 10;
    /// <summary>Sessions at once on each listener.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>The listeners that are on, named by their port key, for the check that no two share a port.</summary>
    internal IEnumerable<(string Name, string Address, int Port)> Listeners()
    {
        if (Enabled) yield return ("Pop3:Port", Address, Port);
        if (ImplicitTlsEnabled) yield return ("Pop3:ImplicitTlsPort", ImplicitTlsAddress, ImplicitTlsPort);
    }

    internal static void Validate(Pop3Options p, Action<bool, string> require)
    {
        require(IPAddress.TryParse(p.Address, out _), $"Pop3:Address '{p.Address}' is not an IP address");
        require(IPAddress.TryParse(p.ImplicitTlsAddress, out _), $"Pop3:ImplicitTlsAddress '{p.ImplicitTlsAddress}' is not an IP address");
        require(p.Port is >= 0 and <= 65535, $"Pop3:Port {p.Port} is outside 0..65535");
        require(p.ImplicitTlsPort is >= 0 and <= 65535, $"Pop3:ImplicitTlsPort {p.ImplicitTlsPort} is outside 0..65535");
        require(p.IdleTimeoutSeconds is >= 1 and <= 4_294_967, $"Pop3:IdleTimeoutSeconds {p.IdleTimeoutSeconds} must be within 1..4294967 (RFC 1939 asks for at least 600)");
        require(p.MaxBadCommands >= 1, $"Pop3:MaxBadCommands {p.MaxBadCommands} must be at least 1");
        require(p.MaxConnections >= 1, $"Pop3:MaxConnections {p.MaxConnections} must be at least 1");
    }
}
