namespace Mizugiwa.Policy.Greylist;

/// <summary>What is known of one triplet: when it was first and last seen, and how often it passed.</summary>
public sealed record GreylistEntry(DateTimeOffset FirstSeen, DateTimeOffset LastSeen, int PassedCount)
{
    public bool HasPassed => PassedCount > 0;
}

/// <summary>The auto-whitelist counter of one client: how often it passed greylisting, and when last.</summary>
public sealed record GreylistClient(int Passes, DateTimeOffset LastSeen);
