namespace Mizugiwa.Policy.Greylist;

public sealed partial class FailoverGreylistStore : IGreylistBrowser
{
    /// <summary>
    /// The shared store's triplets together with the ones this node recorded locally during an outage
    /// (the shared record wins for a triplet in both); the local ones alone while Redis is away.
    /// </summary>
    public async Task<GreylistPage> ListAsync(GreylistQuery query, CancellationToken cancellationToken = default)
    {
        var all = new GreylistQuery(query.Client, query.Sender, query.Recipient, 1, GreylistQuery.MaxPageSize);
        var merged = new Dictionary<GreylistKey, GreylistRecord>();
        if (_local is IGreylistBrowser local)
            foreach (var r in await AllAsync(local, all, cancellationToken)) merged[r.Key] = r;
        // While Redis is away the switch runs this on the local store again, which changes nothing.
        var records = await RunAsync(s => s is IGreylistBrowser b ? AllAsync(b, all, cancellationToken) : Task.FromResult<IReadOnlyList<GreylistRecord>>([]),
            cancellationToken);
        foreach (var r in records) merged[r.Key] = r;
        return query.Cut(merged.Values);
    }

    /// <summary>Every match, page by page (the stores cut pages, this needs them all to merge).</summary>
    private static async Task<IReadOnlyList<GreylistRecord>> AllAsync(IGreylistBrowser store, GreylistQuery query, CancellationToken cancellationToken)
    {
        var records = new List<GreylistRecord>();
        for (var page = 1; ; page++)
        {
            var result = await store.ListAsync(query with { Page = page }, cancellationToken);
            records.AddRange(result.Records);
            if (result.Records.Count == 0 || records.Count >= result.Total || records.Count >= GreylistQuery.MaxScanned) return records;
        }
    }
}
