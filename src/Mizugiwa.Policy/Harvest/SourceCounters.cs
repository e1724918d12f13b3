using Mizugiwa.Core.State;
using Mizugiwa.Policy.Flow;

namespace Mizugiwa.Policy.Harvest;

/// <summary>The sliding-window counters flow control and the harvest guard keep for one source (address or network).</summary>
public static class SourceCounters
{
    /// <summary>
    /// Clears the source's connection, message, recipient, unknown-recipient and RCPT-only counters
    /// (the gauge of open connections stays: it counts what is open). Returns how many counters had
    /// something; throws when the store cannot clear counters.
    /// </summary>
    public static async Task<int> ResetAsync(IStateStore store, SourceScope scope, FlowControlOptions flow, HarvestGuardOptions harvest,
        CancellationToken cancellationToken)
    {
        if (store is not IStateCounterReset reset) throw new InvalidOperationException("this state store cannot clear counters");
        var limits = scope.IsNetwork ? flow.PerNetwork : flow.PerAddress;
        var window = (scope.IsNetwork ? harvest.PerNetwork : harvest.PerAddress).Window;
        (string Key, TimeSpan Window)[] counters =
        [
            (FlowKeys.Connections(scope), limits.ConnectionWindow),
            (FlowKeys.Messages(scope), limits.MessageWindow),
            (FlowKeys.Recipients(scope), limits.RecipientWindow),
            (HarvestKeys.Unknown(scope), window),
            (HarvestKeys.Recipients(scope), window),
            (HarvestKeys.RcptOnly(scope), window),
        ];
        var cleared = 0;
        foreach (var (key, length) in counters)
            if (await reset.ResetWindowAsync(key, length, cancellationToken)) cleared++;
        return cleared;
    }
}
