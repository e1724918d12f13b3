namespace Mizugiwa.Policy.Greylist;

/// <summary>An operator lets a greylisted triplet through now: it is marked passed, as if its retry had come after the delay.</summary>
public static class GreylistRelease
{
    /// <summary>False when the store does not know the triplet.</summary>
    public static async Task<bool> ReleaseAsync(IGreylistStore store, GreylistKey key, TimeProvider time, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(key, cancellationToken) is not { } entry) return false;
        if (entry.HasPassed) return true;
        await store.PutAsync(key, entry with { LastSeen = time.GetUtcNow(), PassedCount = 1 }, cancellationToken);
        return true;
    }
}
