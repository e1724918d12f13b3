namespace Mizugiwa.Core.State;

/// <summary>
/// A state store whose sliding-window counters can be cleared, so an operator can give a client a
/// fresh start (the flow-limits page's reset). Gauges are not cleared: they count what is open now.
/// </summary>
public interface IStateCounterReset
{
    /// <summary>Forgets the counter of <paramref name="key"/> over <paramref name="window"/>; false when there was none.</summary>
    ValueTask<bool> ResetWindowAsync(string key, TimeSpan window, CancellationToken cancellationToken);
}
