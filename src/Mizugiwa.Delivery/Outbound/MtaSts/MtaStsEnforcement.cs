using Microsoft.Extensions.Logging;

namespace Mizugiwa.Delivery.Outbound.MtaSts;

/// <summary>
/// Applies a domain's policy to its delivery plan (RFC 8461 §5): under "enforce" only MX hosts matching an mx pattern
/// remain, marked so the transport demands STARTTLS with a valid certificate; none left defers with 4.7.5.
/// Under "testing" every host remains and the ones enforce would skip are logged. "none" or no policy changes nothing.
/// </summary>
public static class MtaStsEnforcement
{
    public static DeliveryPlan Apply(DeliveryPlan plan, string domain, MtaStsPolicy? policy, string queueId, ILogger logger)
    {
        if (policy is null || policy.Mode == MtaStsMode.None || plan.Result is not null) return plan;
        if (policy.Mode == MtaStsMode.Testing)
        {
            foreach (var name in plan.Hosts.Where(h => !policy.Allows(h.Name)).Select(h => h.Name).Distinct(StringComparer.OrdinalIgnoreCase))
                logger.LogWarning("queue={QueueId} MTA-STS policy testing of {Domain}: MX {Host} does not match mx {Mx}; enforce would not use it",
                    queueId, domain, name, string.Join(",", policy.MxPatterns));
            return DeliveryPlan.Try([.. plan.Hosts.Select(h => h with { MtaSts = MtaStsMode.Testing })]);
        }
        var allowed = plan.Hosts.Where(h => policy.Allows(h.Name)).Select(h => h with { MtaSts = MtaStsMode.Enforce }).ToList();
        var skipped = plan.Hosts.Where(h => !policy.Allows(h.Name)).Select(h => h.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (skipped.Count > 0)
            logger.LogWarning("queue={QueueId} MTA-STS policy enforce of {Domain}: MX {Hosts} not in mx {Mx}; not used", queueId, domain,
                string.Join(",", skipped), string.Join(",", policy.MxPatterns));
        if (allowed.Count > 0) return DeliveryPlan.Try(allowed);
        return DeliveryPlan.Stop(RecipientResult.Deferred("4.7.5",
            $"MTA-STS: no MX host of {domain} ({string.Join(", ", skipped)}) matches its policy (mx: {string.Join(", ", policy.MxPatterns)})"));
    }
}
