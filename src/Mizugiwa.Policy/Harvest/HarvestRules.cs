using Mizugiwa.Policy.Flow;

namespace Mizugiwa.Policy.Harvest;

/// <summary>The thresholds applied to the counts: the reason a source is blocked, or null; and the tarpit.</summary>
internal static class HarvestRules
{
    /// <summary>After an unknown recipient: the unknown count and the unknown share.</summary>
    public static string? AfterUnknown(HarvestThresholds t, long unknown, long recipients)
    {
        var window = DurationText.Format(t.Window);
        if (t.UnknownRecipients > 0 && unknown >= t.UnknownRecipients) return $"{unknown} unknown recipients in {window}";
        if (t.UnknownShare > 0 && recipients > 0 && recipients >= t.MinimumRecipientsForShare && unknown > t.UnknownShare * recipients)
            return $"{unknown} of {recipients} recipients unknown in {window}";
        return null;
    }

    /// <summary>After a transaction that named recipients and sent no DATA.</summary>
    public static string? AfterRcptOnly(HarvestThresholds t, long transactions) =>
        t.RcptOnlyTransactions > 0 && transactions >= t.RcptOnlyTransactions
            ? $"{transactions} transactions without DATA in {DurationText.Format(t.Window)}"
            : null;

    /// <summary>Zero below TarpitAfter unknown recipients, then one step more per unknown recipient, capped.</summary>
    public static TimeSpan Tarpit(long unknown, HarvestGuardOptions options)
    {
        if (options.TarpitStep <= TimeSpan.Zero || unknown < options.TarpitAfter) return TimeSpan.Zero;
        var steps = unknown - options.TarpitAfter + 1;
        return steps >= options.TarpitMax.Ticks / Math.Max(1, options.TarpitStep.Ticks) ? options.TarpitMax : TimeSpan.FromTicks(options.TarpitStep.Ticks * steps);
    }

    public static bool IsHigh(long globalUnknown, HarvestGuardOptions options) =>
        options.GlobalUnknownRecipients > 0 && globalUnknown >= options.GlobalUnknownRecipients;
}
