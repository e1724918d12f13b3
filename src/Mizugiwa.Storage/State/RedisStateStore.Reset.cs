using Mizugiwa.Core.State;

namespace Mizugiwa.Storage.State;

public sealed partial class RedisStateStore : IStateCounterReset
{
    public async ValueTask<bool> ResetWindowAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _roundTrips);
        return await Database.KeyDeleteAsync(WindowKey(key, window)).WaitAsync(cancellationToken);
    }
}
