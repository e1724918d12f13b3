namespace Mizugiwa.Delivery.Outbound.MtaSts;

/// <summary>TXT look-ups for MTA-STS discovery (_mta-sts.DOMAIN); like <see cref="IMxResolver"/>, DNS errors are answered, not thrown.</summary>
public interface IMtaStsTxtResolver
{
    Task<Lookup<string>> LookupTxtAsync(string name, CancellationToken cancellationToken);
}
