using System.Security.Cryptography.X509Certificates;

namespace Mizugiwa.Smtp;

/// <summary>What one SMTP listener needs to know; filled from the server configuration.</summary>
public sealed class SmtpSessionOptions
{
    public required string HostName { get; init; }
    public long MaxMessageSize { get; init; } = 25 * 1024 * 1024;
    public int MaxRecipients { get; init; } = 100;
    public int MaxCommandLineLength { get; init; } = 512;
    public int MaxTextLineLength { get; init; } = 1000;
    public int SoftErrorLimit { get; init; } = 3;
    public int HardErrorLimit { get; init; } = 20;
    /// <summary>Each error past the soft limit waits this much longer than the one before.</summary>
    public TimeSpan ErrorDelayStep { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxErrorDelay { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan DataTimeout { get; init; } = TimeSpan.FromMinutes(3);
    /// <summary>Sessions beyond this many at once are told 421 and closed.</summary>
    public int MaxConnections { get; init; } = 1000;
    /// <summary>Clients allowed to use XCLIENT (a trusted front end or a replay harness).</summary>
    public IReadOnlyList<System.Net.IPNetwork> XclientNetworks { get; init; } = [];
    /// <summary>Offered through STARTTLS when set.</summary>
    public X509Certificate2? Certificate { get; init; }
}
