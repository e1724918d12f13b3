namespace Mizugiwa.Policy.Greylist;

/// <summary>
/// What to list: each filter is a case-insensitive substring of the triplet's client (network or pool
/// domain), sender or recipient; null or empty matches all. Pages are <see cref="PageSize"/> long.
/// </summary>
public sealed record GreylistQuery(string? Client = null, string? Sender = null, string? Recipient = null, int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 1000;

    /// <summary>At most this many matching triplets are looked at (the newest of them are listed).</summary>
    public const int MaxScanned = 100_000;

    public bool Matches(GreylistKey key) =>
        Contains(key.Client, Client) && Contains(key.Sender, Sender) && Contains(key.Recipient, Recipient);

    /// <summary>Sorts the matches newest first and cuts out the page.</summary>
    public GreylistPage Cut(IEnumerable<GreylistRecord> matches)
    {
        var all = matches.OrderByDescending(r => r.Entry.LastSeen).ThenBy(r => r.Key.ToString(), StringComparer.Ordinal).ToList();
        var size = Math.Clamp(PageSize, 1, MaxPageSize);
        var skip = (long)(Math.Max(Page, 1) - 1) * size;
        return new GreylistPage([.. all.Skip((int)Math.Min(skip, int.MaxValue)).Take(size)], all.Count);
    }

    private static bool Contains(string value, string? part) =>
        string.IsNullOrEmpty(part) || value.Contains(part.Trim(), StringComparison.OrdinalIgnoreCase);
}
