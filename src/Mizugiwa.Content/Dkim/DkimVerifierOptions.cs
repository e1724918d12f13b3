namespace Mizugiwa.Content.Dkim;

/// <summary>How strict DKIM verification is.</summary>
public sealed record DkimVerifierOptions
{
    /// <summary>At most this many DKIM-Signature fields are verified (the rest are ignored: each costs a DNS query).</summary>
    public int MaxSignatures { get; init; } = 5;

    /// <summary>RSA keys shorter than this are permerror (RFC 8301 §3.2: at least 1024).</summary>
    public int MinimumRsaKeyBits { get; init; } = 1024;

    /// <summary>rsa-sha1 signatures are verified only when true (RFC 8301 §3.1 forbids verifying them).</summary>
    public bool AllowRsaSha1 { get; init; }

    /// <summary>Signatures whose x= is in the past are permerror (RFC 6376 §3.5 lets verifiers enforce it).</summary>
    public bool EnforceExpiry { get; init; } = true;
}
