using Mizugiwa.Core.State;

namespace Mizugiwa.Storage.State;

public sealed partial class FailoverStateStore : IStateCounterReset
{
    /// <summary>Clears the counter in Redis and in this node's local store (which counted during an outage).</summary>
    public async ValueTask<bool> ResetWindowAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var local = _local is IStateCounterReset l && await l.ResetWindowAsync(key, window, cancellationToken);
        var shared = await _switch.RunAsync(_shared, _local,
            async s => s is IStateCounterReset r && await r.ResetWindowAsync(key, window, cancellationToken), cancellationToken);
        return local || shared;
    }
}
