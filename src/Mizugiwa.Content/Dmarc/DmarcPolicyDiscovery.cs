using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Content.Dmarc;

/// <summary>How policy discovery ended.</summary>
public enum DmarcDiscoveryStatus
{
    /// <summary>One usable record.</summary>
    Found,
    /// <summary>No DMARC record at the From domain nor at its Organizational Domain.</summary>
    NoRecord,
    /// <summary>A DNS query failed transiently.</summary>
    TemporaryError,
    /// <summary>Several DMARC records, or one without a valid policy: no DMARC processing (§6.6.3 steps 5 and 6.2).</summary>
    PermanentError,
}

/// <param name="Status">How discovery ended.</param>
/// <param name="Record">The record when Found.</param>
/// <param name="RecordDomain">The domain whose _dmarc name held the record (the From domain or its Organizational Domain).</param>
/// <param name="Reason">Why it ended as it did, for logs and Authentication-Results.</param>
public sealed record DmarcDiscovery(DmarcDiscoveryStatus Status, DmarcRecord? Record, string? RecordDomain, string? Reason);

/// <summary>
/// DMARC policy discovery (RFC 7489 §6.6.3): TXT at _dmarc.&lt;From domain&gt;, then, when that holds no
/// DMARC record, at _dmarc.&lt;Organizational Domain&gt;.
/// </summary>
public sealed class DmarcPolicyDiscovery(IDnsResolver resolver)
{
    /// <param name="fromDomain">The RFC5322.From domain as lower-case A-labels.</param>
    /// <param name="organisationalDomain">Its Organizational Domain as lower-case A-labels.</param>
    public async Task<DmarcDiscovery> DiscoverAsync(string fromDomain, string organisationalDomain, CancellationToken cancellationToken)
    {
        var atFrom = await LookupAsync(fromDomain, cancellationToken);
        if (atFrom.Status != DmarcDiscoveryStatus.NoRecord || fromDomain == organisationalDomain) return atFrom;
        return await LookupAsync(organisationalDomain, cancellationToken);
    }

    private async Task<DmarcDiscovery> LookupAsync(string domain, CancellationToken cancellationToken)
    {
        var name = "_dmarc." + domain;
        var answer = await resolver.LookupTxtAsync(name, cancellationToken);
        if (answer.IsTemporaryFailure) return new(DmarcDiscoveryStatus.TemporaryError, null, domain, $"DNS error for {name}: {answer.Error}");
        if (!answer.IsOk) return new(DmarcDiscoveryStatus.NoRecord, null, null, "no DMARC record");

        var parsed = answer.Value!.Select(DmarcRecordParser.Parse).Where(r => r.Kind != DmarcRecordKind.NotDmarc).ToList();
        return parsed switch
        {
            [] => new(DmarcDiscoveryStatus.NoRecord, null, null, "no DMARC record"),
            [{ Kind: DmarcRecordKind.Valid } one] => new(DmarcDiscoveryStatus.Found, one.Record, domain, null),
            [var invalid] => new(DmarcDiscoveryStatus.PermanentError, null, domain, $"invalid DMARC record at {name}: {invalid.Error}"),
            _ => new(DmarcDiscoveryStatus.PermanentError, null, domain, $"{parsed.Count} DMARC records at {name}"),
        };
    }
}
