namespace Mizugiwa.Policy.Greylist;

/// <summary>
/// Where greylisting keeps its triplets and its auto-whitelist counters. The embedded backend is
/// <see cref="SqliteGreylistStore"/>; a shared backend (several nodes) implements the same role.
/// </summary>
public interface IGreylistStore
{
    Task<GreylistEntry?> GetAsync(GreylistKey key, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the entry of a triplet.</summary>
    Task PutAsync(GreylistKey key, GreylistEntry entry, CancellationToken cancellationToken = default);

    Task<GreylistClient?> GetClientAsync(string client, CancellationToken cancellationToken = default);

    /// <summary>Counts one pass of a client (creating its counter) and returns the counter after it.</summary>
    Task<GreylistClient> AddClientPassAsync(string client, DateTimeOffset seen, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes triplets and client counters last seen before <paramref name="notSeenSince"/>, and triplets
    /// that never passed and were first seen before <paramref name="unpassedFirstSeenBefore"/>.
    /// Returns how many records went.
    /// </summary>
    Task<int> PurgeAsync(DateTimeOffset notSeenSince, DateTimeOffset unpassedFirstSeenBefore, CancellationToken cancellationToken = default);
}
