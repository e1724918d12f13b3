using Microsoft.Extensions.Logging;

namespace Mizugiwa.Delivery.Outbound.MtaSts;

/// <summary>
/// A recipient domain's MTA-STS policy (RFC 8461 §3.3, §5.1): the TXT record _mta-sts.DOMAIN gives the policy's id; a cached,
/// unexpired policy with that id is used as it is; a new id (or none cached) fetches the policy file and caches it.
/// When the TXT look-up or the fetch fails, a cached unexpired policy still applies (that is what stops an attacker who
/// strips the record or blocks the fetch); without one the domain has no policy and mail goes as without MTA-STS.
/// </summary>
public sealed class MtaStsPolicies(IMtaStsTxtResolver dns, IMtaStsPolicyFetcher fetcher, MtaStsPolicyCache cache, ILogger logger)
{
    /// <summary>The policy to apply, or null for none.</summary>
    public async Task<MtaStsPolicy?> GetAsync(string domain, CancellationToken cancellationToken)
    {
        var cached = cache.Get(domain);
        var txt = await dns.LookupTxtAsync("_mta-sts." + domain, cancellationToken);
        string? id = txt.Status == LookupStatus.Ok ? MtaStsRecord.IdOf(txt.Records) : null;
        if (id is null)
        {
            if (cached is not null && txt.Status == LookupStatus.TemporaryFailure)
                logger.LogInformation("MTA-STS TXT look-up for {Domain} failed ({Error}); using the cached policy id={Id}", domain, txt.Error, cached.Id);
            return cached?.Policy;
        }
        if (cached is not null && cached.Id == id) return cached.Policy;
        var fetched = await fetcher.FetchAsync(domain, cancellationToken);
        if (fetched.Policy is null)
        {
            logger.LogWarning("MTA-STS policy of {Domain} (id={Id}) cannot be fetched: {Problem}; {Fallback}", domain, id, fetched.Problem,
                cached is null ? "delivering without a policy" : $"using the cached policy id={cached.Id} mode={cached.Policy.Mode}");
            return cached?.Policy;
        }
        cache.Put(domain, id, fetched.Policy);
        logger.LogInformation("MTA-STS policy of {Domain} id={Id} mode={Mode} mx={Mx} max_age={MaxAge}s", domain, id,
            fetched.Policy.Mode, string.Join(",", fetched.Policy.MxPatterns), (long)fetched.Policy.MaxAge.TotalSeconds);
        return fetched.Policy;
    }
}
