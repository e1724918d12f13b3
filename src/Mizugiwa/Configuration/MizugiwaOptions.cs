namespace Mizugiwa.Configuration;

/// <summary>The whole configuration. Every value has an embedded default so that no file is needed.</summary>
public sealed class MizugiwaOptions
{
    /// <summary>Root of all state: SQLite database, spool, Maildirs, generated TLS certificate.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The name we give in the greeting, EHLO reply and Received headers.</summary>
    public string HostName { get; set; } = "localhost";

    public SmtpListenerOptions Mx { get; set; } = new();
    public SmtpLimitsOptions Limits { get; set; } = new();
    public TlsOptions Tls { get; set; } = new();
    public RecipientOptions Recipients { get; set; } = new();
    public QueueOptions Queue { get; set; } = new();
    public OutboundDeliveryOptions Outbound { get; set; } = new();
    public ChecksOptions Checks { get; set; } = new();
    public StateOptions State { get; set; } = new();
    public PolicyServerOptions PolicyServer { get; set; } = new();
    public MilterServerOptions Milter { get; set; } = new();
    public SubmissionOptions Submission { get; set; } = new();
    public Pop3Options Pop3 { get; set; } = new();
    public ImapOptions Imap { get; set; } = new();
    public GatewayConfiguration Gateway { get; set; } = new();
    public ContentOptions Content { get; set; } = new();
    public ForwardingOptions Forwarding { get; set; } = new();
    public Web.WebOptions Web { get; set; } = new();
    public LogOptions Log { get; set; } = new();
    public DirectoryOptions Directory { get; set; } = new();

    /// <summary>How long sessions get to finish at shutdown before they are told 421.</summary>
    public int ShutdownGraceSeconds { get; set; } = 30;

    public string DatabasePath => Path.Combine(DataDirectory, "mizugiwa.db");
    public string SpoolDirectory => Path.Combine(DataDirectory, "spool");
    public string MailDirectory => Path.Combine(DataDirectory, "mail");
}

public sealed class SmtpListenerOptions
{
    public string Address { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 2525;
    /// <summary>Clients (CIDR) that may use XCLIENT to give another client's address, name and HELO.</summary>
    public List<string> XclientNetworks { get; set; } = [];
    /// <summary>The site's own hosts (CIDR) that may send to other domains through the MX without AUTH, as Postfix's mynetworks.</summary>
    public List<string> RelayNetworks { get; set; } = [];
    /// <summary>Expect a PROXY protocol header (v1 or v2) from a load balancer on every connection.</summary>
    public bool ProxyProtocol { get; set; }
    /// <summary>The load balancers (CIDR) allowed to send a PROXY header; required when ProxyProtocol is on.</summary>
    public List<string> ProxyFrom { get; set; } = [];
}

/// <summary>The Postfix policy delegation server (check_policy_service inet:Address:Port); off by default.</summary>
public sealed class PolicyServerOptions
{
    public bool Enabled { get; set; }
    public string Address { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 10040;
}

public sealed class SmtpLimitsOptions
{
    public long MaxMessageSize { get; set; } = 25 * 1024 * 1024;
    public int MaxRecipients { get; set; } = 100;
    public int MaxCommandLineLength { get; set; } = 512;
    public int MaxTextLineLength { get; set; } = Mizugiwa.Smtp.SmtpSessionOptions.DefaultMaxTextLineLength;
    /// <summary>After this many errors each further error reply is delayed, one second more each time.</summary>
    public int SoftErrorLimit { get; set; } = 3;
    /// <summary>After this many errors the session is closed with 421.</summary>
    public int HardErrorLimit { get; set; } = 20;
    /// <summary>How much longer each error reply past the soft limit waits than the one before.</summary>
    public int ErrorDelayStepMilliseconds { get; set; } = 1000;
    /// <summary>RFC 5321 §4.5.3.2.7: the server waits at least 5 minutes for the next command.</summary>
    public int CommandTimeoutSeconds { get; set; } = 300;
    /// <summary>RFC 5321 §4.5.3.2.6 asks the client for 3 minutes per data block; we wait as long for the server side.</summary>
    public int DataTimeoutSeconds { get; set; } = 180;
    public int MaxConnections { get; set; } = 1000;
}

public sealed class TlsOptions
{
    /// <summary>PKCS#12 or PEM certificate; when empty a self-signed one is made in the data directory.</summary>
    public string? CertificatePath { get; set; }
    public string? KeyPath { get; set; }
    public string? CertificatePassword { get; set; }
}

public sealed class RecipientOptions
{
    /// <summary>Sub-address delimiters: user+tag@ reaches user@. Empty turns sub-addressing off.</summary>
    public string SubaddressDelimiters { get; set; } = "+";
}

public sealed class QueueOptions
{
    /// <summary>Deliveries mostly wait for batched fsyncs, so many in flight make the batches larger.</summary>
    public int DeliveryConcurrency { get; set; } = 16;
    /// <summary>First retry delay; it doubles each attempt up to MaxRetryDelaySeconds.</summary>
    public int MinRetryDelaySeconds { get; set; } = 60;
    public int MaxRetryDelaySeconds { get; set; } = 3600;
    /// <summary>How often the queue directory is rescanned: messages put there from outside, `queue release` and `queue flush`.</summary>
    public int ScanSeconds { get; set; } = 30;
}
