namespace Mizugiwa.Content.Dmarc;

/// <summary>Identifier alignment (RFC 7489 §3.1): strict = the same domain, relaxed = the same Organizational Domain.</summary>
public sealed class DmarcIdentifierAlignment(PublicSuffixList publicSuffixes)
{
    /// <param name="authenticatedDomain">The SPF or DKIM domain (any case, U- or A-labels).</param>
    /// <param name="fromDomain">The From domain as lower-case A-labels.</param>
    public bool IsAligned(string authenticatedDomain, string fromDomain, DmarcAlignment mode)
    {
        var domain = DomainLabels.ToAscii(authenticatedDomain);
        if (domain is null) return false;
        if (domain == fromDomain) return true;
        return mode == DmarcAlignment.Relaxed
            && publicSuffixes.OrganisationalDomain(domain) is { } organisational
            && organisational == publicSuffixes.OrganisationalDomain(fromDomain);
    }
}
