using DnsClient;
using DnsClient.Protocol;

namespace Mizugiwa.Policy.Dns;

/// <summary>Turns a DnsClient response into a <see cref="DnsResult{T}"/>.</summary>
internal static class DnsResponseReader
{
    public static DnsResult<IReadOnlyList<TValue>> Read<TRecord, TValue>(IDnsQueryResponse response, Func<TRecord, TValue> select)
        where TRecord : DnsResourceRecord
        where TValue : notnull
    {
        switch (response.Header.ResponseCode)
        {
            case DnsHeaderResponseCode.NoError:
                var records = response.Answers.OfType<TRecord>().ToList();
                if (records.Count == 0) return DnsResult.NotFound<IReadOnlyList<TValue>>(NegativeTtl(response));
                var ttl = TimeSpan.FromSeconds(records.Min(r => Math.Max(0, r.TimeToLive)));
                return DnsResult.Ok<IReadOnlyList<TValue>>(records.Select(select).Distinct().ToList(), ttl);
            case DnsHeaderResponseCode.NotExistentDomain:
                return DnsResult.NotFound<IReadOnlyList<TValue>>(NegativeTtl(response));
            default:
                return DnsResult.TemporaryFailure<IReadOnlyList<TValue>>(
                    $"{response.Header.ResponseCode} from {response.NameServer}");
        }
    }

    /// <summary>RFC 2308: the lesser of the SOA record's TTL and its MINIMUM field; null without SOA.</summary>
    private static TimeSpan? NegativeTtl(IDnsQueryResponse response)
    {
        var soa = response.Authorities.OfType<SoaRecord>().FirstOrDefault();
        if (soa is null) return null;
        return TimeSpan.FromSeconds(Math.Min((long)Math.Max(0, soa.TimeToLive), soa.Minimum));
    }
}
