namespace Mizugiwa.Policy.Greylist;

/// <summary>Greylisting timings, postgrey's defaults.</summary>
public sealed record GreylistOptions
{
    /// <summary>How long a new triplet is deferred; a retry at or after this passes.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(300);
    /// <summary>How long after the first attempt a retry still counts; later, the triplet starts over.</summary>
    public TimeSpan RetryWindow { get; init; } = TimeSpan.FromDays(2);
    /// <summary>How long a passed triplet (and an auto-whitelisted client) is kept since it was last seen.</summary>
    public TimeSpan Expiry { get; init; } = TimeSpan.FromDays(35);
    /// <summary>Passes after which a client passes directly; 0 turns auto-whitelisting off.</summary>
    public int AutoWhitelistAfter { get; init; } = 5;
    /// <summary>What the defer reply points to after "see".</summary>
    public string HelpText { get; init; } = "https://www.rfc-editor.org/rfc/rfc6647";

    public void Validate()
    {
        if (Delay < TimeSpan.Zero) throw new ArgumentException("Greylist Delay must not be negative.");
        if (RetryWindow <= Delay) throw new ArgumentException("Greylist RetryWindow must be longer than Delay.");
        if (Expiry <= TimeSpan.Zero) throw new ArgumentException("Greylist Expiry must be positive.");
        if (AutoWhitelistAfter < 0) throw new ArgumentException("Greylist AutoWhitelistAfter must not be negative.");
    }
}
