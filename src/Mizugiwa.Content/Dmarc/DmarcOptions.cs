namespace Mizugiwa.Content.Dmarc;

/// <summary>How far the DMARC analyzer acts on a Domain Owner's policy; the symbols are added either way.</summary>
public sealed record DmarcOptions
{
    /// <summary>Force <see cref="ContentAction.Reject"/> when a failing message's policy is reject (off by default: forwarding and lists break DMARC).</summary>
    public bool HonourReject { get; init; }

    /// <summary>Force <see cref="ContentAction.Spam"/> when the policy is quarantine (or a reject that is not honoured or is overridden by ARC).</summary>
    public bool HonourQuarantine { get; init; } = true;

    /// <summary>The Public Suffix List file; when it cannot be read, the organisational domain is the last two labels.</summary>
    public string PublicSuffixListPath { get; init; } = PublicSuffixList.DebianPath;

    /// <summary>Also use the list's private section (e.g. github.io, blogspot.com) for organisational domains.</summary>
    public bool IncludePrivateDomains { get; init; } = true;
}
