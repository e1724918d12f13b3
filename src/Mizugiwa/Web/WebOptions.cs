namespace Mizugiwa.Web;

/// <summary>The HTTP listener (section "Web"): /healthz and /metrics today, the management UI later.</summary>
public sealed class WebOptions
{
    public bool Enabled { get; set; } = true;
    public string Address { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 8080;
}
