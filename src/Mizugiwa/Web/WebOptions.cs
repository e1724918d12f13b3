namespace Mizugiwa.Web;

/// <summary>The HTTP listener (section "Web"): /healthz, /metrics, the JSON API and the browser UI.</summary>
public sealed class WebOptions
{
    public bool Enabled { get; set; } = true;
    public string Address { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 8080;
    /// <summary>Mailbox addresses that may use the admin pages after signing in with their mailbox password.</summary>
    public List<string> Admins { get; set; } = [];
    /// <summary>
    /// The TLS reverse proxies (CIDR) in front of this listener whose X-Forwarded-For and X-Forwarded-Proto are
    /// believed: sign-in failures then count against the browser's address, not the proxy's, and cookies are Secure.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}
