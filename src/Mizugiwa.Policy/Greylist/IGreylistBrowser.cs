namespace Mizugiwa.Policy.Greylist;

/// <summary>One triplet with what is known of it, as the admin pages list it.</summary>
public sealed record GreylistRecord(GreylistKey Key, GreylistEntry Entry);

/// <summary>A greylist store whose triplets can be listed (the admin pages and API).</summary>
public interface IGreylistBrowser
{
    /// <summary>
    /// The triplets that match <paramref name="query"/>, newest first (by last seen), one page of them,
    /// and how many matched in all.
    /// </summary>
    Task<GreylistPage> ListAsync(GreylistQuery query, CancellationToken cancellationToken = default);
}

/// <summary>A page of triplets and the number of all that matched.</summary>
public sealed record GreylistPage(IReadOnlyList<GreylistRecord> Records, int Total);
