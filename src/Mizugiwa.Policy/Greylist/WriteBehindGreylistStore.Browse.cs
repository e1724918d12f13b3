namespace Mizugiwa.Policy.Greylist;

public sealed partial class WriteBehindGreylistStore : IGreylistBrowser
{
    /// <summary>Lists from memory, which holds every live triplet.</summary>
    public Task<GreylistPage> ListAsync(GreylistQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(query.Cut(_triplets.Where(p => query.Matches(p.Key)).Take(GreylistQuery.MaxScanned).Select(p => new GreylistRecord(p.Key, p.Value))));
}
