using System.Globalization;
using Mizugiwa.Core;

namespace Mizugiwa.Policy.Gateway;

/// <summary>How recipients of a relay domain are validated at RCPT time.</summary>
public enum RelayVerification
{
    /// <summary>The address must be an account or alias in the local directory.</summary>
    Directory,
    /// <summary>The next hop is asked with an RCPT probe; answers are cached in the shared state store.</summary>
    Probe,
    /// <summary>Every address is accepted (the next hop may bounce: backscatter risk).</summary>
    None,
}

/// <summary>A domain this server is the MX of, relayed to <see cref="NextHop"/> ("smtp:host:port" or "lmtp:host:port").</summary>
public sealed record RelayDomain(string Domain, string NextHop, RelayVerification Verify);

/// <summary>A parsed next hop.</summary>
public sealed record NextHop(bool Lmtp, string Host, int Port)
{
    /// <summary>Parses "smtp:host:port" / "lmtp:host:port" (host may be [v6]); null when malformed.</summary>
    public static NextHop? TryParse(string route)
    {
        bool lmtp = route.StartsWith(Routes.LmtpPrefix, StringComparison.OrdinalIgnoreCase);
        if (!lmtp && !route.StartsWith(Routes.SmtpPrefix, StringComparison.OrdinalIgnoreCase)) return null;
        var rest = route[Routes.SmtpPrefix.Length..];
        int colon = rest.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535) return null;
        var host = rest[..colon].Trim('[', ']');
        return host.Length == 0 ? null : new NextHop(lmtp, host, port);
    }
}

/// <summary>Gateway mode settings (docs/GATEWAY.md).</summary>
public sealed class GatewayOptions
{
    public IReadOnlyList<RelayDomain> Domains { get; init; } = [];
    /// <summary>How long a probe's "exists" (2xx) is believed.</summary>
    public TimeSpan ValidTtl { get; init; } = TimeSpan.FromDays(30);
    /// <summary>How long a probe's "no such user" (5xx) is believed.</summary>
    public TimeSpan UnknownTtl { get; init; } = TimeSpan.FromDays(3);
    /// <summary>A temporary answer (4xx, timeout, next hop down) is remembered this long; zero = not at all.</summary>
    public TimeSpan TemporaryTtl { get; init; } = TimeSpan.Zero;
    /// <summary>The whole probe (connect to QUIT) must finish within this.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>The name given in EHLO/LHLO of a probe.</summary>
    public string HeloName { get; init; } = "localhost";
}
