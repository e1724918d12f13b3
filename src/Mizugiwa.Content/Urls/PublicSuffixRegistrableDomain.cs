using Mizugiwa.Content.Dmarc;

namespace Mizugiwa.Content.Urls;

/// <summary>The registered domain by the Public Suffix List DMARC uses; a host that is itself a suffix stays as it is.</summary>
public sealed class PublicSuffixRegistrableDomain(PublicSuffixList list) : IRegistrableDomain
{
    public string Of(string host) => list.GetRegistrableDomain(host) ?? host;
}
