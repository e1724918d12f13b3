using Mizugiwa.Smtp;

namespace Mizugiwa.Policy.Greylist;

/// <summary>Why greylisting let a client through.</summary>
public enum GreylistPassReason
{
    /// <summary>The triplet was retried after the delay, within the retry window: it passes for the first time.</summary>
    RetriedAfterDelay,
    /// <summary>The triplet passed before and has not expired.</summary>
    KnownTriplet,
    /// <summary>The client passed greylisting often enough to skip it.</summary>
    AutoWhitelistedClient,
    /// <summary>A whitelist exempts the client, sender or recipient.</summary>
    Whitelisted,
}

/// <summary>The answer of greylisting for one triplet: pass (and why) or defer (and for how long).</summary>
public sealed record GreylistDecision(bool Passed, GreylistPassReason? Reason, TimeSpan RetryAfter, GreylistKey Key)
{
    /// <summary>The 451 reply to give when deferred; null when passed.</summary>
    public SmtpReply? Reply { get; init; }

    /// <summary>Whole seconds until a retry can pass (0 when passed).</summary>
    public int SecondsLeft => Passed ? 0 : Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));

    public static GreylistDecision Pass(GreylistPassReason reason, GreylistKey key) => new(true, reason, TimeSpan.Zero, key);

    public static GreylistDecision Defer(TimeSpan retryAfter, GreylistKey key, string helpText)
    {
        var decision = new GreylistDecision(false, null, retryAfter, key);
        return decision with { Reply = new SmtpReply(451, "4.7.1", $"Greylisted, please try again in {decision.SecondsLeft} second{(decision.SecondsLeft == 1 ? "" : "s")}; see {helpText}") };
    }
}
