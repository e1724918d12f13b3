namespace Mizugiwa.Configuration;

/// <summary>The "Outbound" section: delivery to other mail servers and delivery status notifications (docs/OUTBOUND.md).</summary>
public sealed class OutboundDeliveryOptions
{
    /// <summary>The port of remote MX hosts.</summary>
    public int Port { get; set; } = 25;
    /// <summary>The name given in EHLO and as Reporting-MTA; empty = the top-level HostName.</summary>
    public string? HostName { get; set; }
    /// <summary>First retry of a deferred recipient; the delay doubles each attempt up to MaxRetrySeconds.</summary>
    public int FirstRetrySeconds { get; set; } = 300;
    public int MaxRetrySeconds { get; set; } = 3600;
    /// <summary>A recipient still deferred this long after arrival fails with 4.4.7 and is bounced.</summary>
    public double MaxQueueDays { get; set; } = 5;
    /// <summary>A delay notice is sent once, this long after arrival, if NOTIFY allows; 0 turns it off.</summary>
    public double DelayNoticeHours { get; set; } = 4;
    /// <summary>Concurrent connections per destination (a domain's MX or one next hop).</summary>
    public int MaxConnectionsPerDestination { get; set; } = 10;
    public int ConnectTimeoutSeconds { get; set; } = 30;
    /// <summary>The longest wait for one SMTP reply.</summary>
    public int CommandTimeoutSeconds { get; set; } = 300;
    /// <summary>A bounce that cannot be delivered is logged and dropped; false gives it to the local postmaster.</summary>
    public bool DropDoubleBounces { get; set; } = true;
    /// <summary>Without RET, a bounce returns the whole message up to this size, else only its header.</summary>
    public int ReturnFullMaxKilobytes { get; set; } = 512;
    /// <summary>The smarthost for all "mx" recipients: "host", "host:port" (MX of host, else its address) or "[host]:port" (no MX lookup); empty = by MX.</summary>
    public string RelayHost { get; set; } = "";
    /// <summary>The AUTH user at the relay host; needs RelayPasswordFile, and makes TLS required.</summary>
    public string? RelayUser { get; set; }
    /// <summary>A file holding the relay password (read at start; a trailing newline is not part of it).</summary>
    public string? RelayPasswordFile { get; set; }
    /// <summary>StartTls (25/587) or Implicit (465).</summary>
    public string RelayTls { get; set; } = "StartTls";
    /// <summary>Verify the relay's certificate against the system trust store (when TLS is required); false for a self-signed test relay.</summary>
    public bool RelayCertificateCheck { get; set; } = true;
    /// <summary>MTA-STS (RFC 8461) for delivery by MX: domains that publish a policy get mail only over verified TLS to the MX hosts it names. Not used with RelayHost.</summary>
    public bool MtaSts { get; set; } = true;
    /// <summary>For tests and labs only: the port of https://mta-sts.DOMAIN/ (443).</summary>
    public int MtaStsPolicyPort { get; set; } = 443;
    /// <summary>For tests and labs only: a CA certificate file (PEM or DER) trusted for MTA-STS besides the system trust store.</summary>
    public string? MtaStsTrustedCertificate { get; set; }
}
