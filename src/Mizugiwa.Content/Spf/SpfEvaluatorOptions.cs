namespace Mizugiwa.Content.Spf;

/// <summary>Limits and receiver facts for <see cref="SpfEvaluator"/> (RFC 7208 §4.6.4, §7.2).</summary>
public sealed record SpfEvaluatorOptions
{
    /// <summary>Terms that cause DNS queries (include, a, mx, ptr, exists, redirect) per check; more is permerror.</summary>
    public int DnsLookupLimit { get; init; } = 10;

    /// <summary>Terms whose query answers NXDOMAIN or no records; more is permerror.</summary>
    public int VoidLookupLimit { get; init; } = 2;

    /// <summary>MX names one mx mechanism may look up; more is permerror.</summary>
    public int MxNameLimit { get; init; } = 10;

    /// <summary>PTR names one ptr mechanism or %{p} looks at; the rest are ignored.</summary>
    public int PtrNameLimit { get; init; } = 10;

    /// <summary>The longest one check may take (§4.6.4 asks for a limit of at least 20 s); beyond it the result is temperror.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The %{r} macro (explanations only): the domain name of the host doing the check.</summary>
    public string ReceiverDomain { get; init; } = "unknown";
}
